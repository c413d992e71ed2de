/**
 * An LTI 1.3 Advantage platform (the LMS side) for tests: OIDC authorization endpoint, JWKS, OAuth2 token endpoint
 * (client credentials with a signed JWT assertion), Assignment and Grade Services line items and scores, Names and
 * Role Provisioning memberships, and the Deep Linking return URL. It is proven against ltijs (a certified tool we
 * did not write, `ltijs-simulator.test.ts`) before it drives our own tool.
 *
 * Written from the 1EdTech specifications (LTI Core 1.3, Security Framework 1.0, Deep Linking 2.0, AGS 2.0,
 * NRPS 2.0). `moodle: true` reproduces Moodle's score rules: 409 for a timestamp not newer than the stored one,
 * and `scoreGiven` ignored unless `gradingProgress` is `FullyGraded`.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
  type KeyObject,
  SignJWT,
} from "jose";
import type { BrowserResponse, TestBrowser } from "./browser.ts";

export const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
export const AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
export const NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
export const SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
export const SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
export const SCOPE_RESULT = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
export const SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
export const ROLE = {
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
};

export interface ToolRegistration {
  clientId: string;
  deploymentId: string;
  loginUrl: string;
  redirectUris: string[];
  jwksUrl: string;
}

export interface SimUser {
  sub: string;
  name?: string;
  email?: string;
  roles: string[];
}

export interface SimContext {
  id: string;
  title: string;
  members: SimUser[];
}

export interface LaunchRequest {
  clientId: string;
  user: SimUser;
  context: SimContext;
  messageType?: "LtiResourceLinkRequest" | "LtiDeepLinkingRequest";
  resourceLinkId?: string;
  targetLinkUri: string;
  custom?: Record<string, string>;
  /** AGS: the line item of this link (created by a deep-linking response, or by `createLineItem`). */
  lineItemId?: string;
  /** Offer the client-side OIDC storage (`lti_storage_target`) in the login initiation. */
  storageTarget?: string;
  /** Change the id_token before it is signed (negative tests), or sign it with another key. */
  tamper?: (claims: JWTPayload, header: { kid?: string; alg: string }) => void;
  signWith?: { privateKey: KeyObject; kid: string };
  /** Send this `state` instead of the one the tool gave (or none with `null`). */
  stateOverride?: string | null;
}

export interface ScoreRecord {
  lineItemId: string;
  body: Record<string, unknown>;
  contentType: string;
  status: number;
}

export interface LineItem {
  id: string;
  contextId: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
}

export interface DeepLinkReturn {
  claims: JWTPayload;
  items: Record<string, unknown>[];
  /** What the platform created for each item: a resource link, and a line item when the item asked for one. */
  links: { resourceLinkId: string; lineItemId?: string; custom?: Record<string, string> }[];
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

interface PendingLogin {
  request: LaunchRequest;
  expectedLoginHint: string;
}

export class PlatformSimulator {
  private server!: Server;
  issuer = "";
  readonly tools = new Map<string, ToolRegistration>();
  private keys: SigningKey[] = [];
  private readonly pending = new Map<string, PendingLogin>();
  private readonly tokens = new Map<string, { clientId: string; scopes: string[] }>();
  readonly lineItems = new Map<string, LineItem>();
  readonly scores: ScoreRecord[] = [];
  /** Stored (accepted) score per line item and user: what the gradebook shows. */
  readonly gradebook = new Map<string, Record<string, unknown>>();
  readonly deepLinkReturns: DeepLinkReturn[] = [];
  /** The context of each deep-linking request, by its `data` (echoed back in the response). */
  private readonly deepLinkContexts = new Map<string, string>();
  readonly tokenRequests: { clientId: string; scopes: string[] }[] = [];
  readonly contexts = new Map<string, SimContext>();
  /** Dynamic Registration: the token the platform hands the tool, and what tools registered. */
  readonly registrationToken = randomBytes(12).toString("hex");
  readonly registrations: Record<string, unknown>[] = [];
  /** Launches a real browser starts from a course page (`coursePage`), by key. */
  private readonly browserLaunches = new Map<string, LaunchRequest>();
  /** Answers the next N score posts with this status (fault injection). */
  failNextScores: { count: number; status: number } = { count: 0, status: 500 };

  constructor(readonly options: { moodle?: boolean } = {}) {}

  async start(): Promise<this> {
    await this.rotateKey();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`simulator error: ${err.message}`);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get authLoginUrl(): string {
    return `${this.issuer}/auth`;
  }
  get authTokenUrl(): string {
    return `${this.issuer}/token`;
  }
  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  /** A new signing key; the previous ones stay published (a platform rotating its keys). */
  async rotateKey(options: { dropOld?: boolean } = {}): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = `sim-${randomBytes(6).toString("hex")}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    if (options.dropOld) this.keys = [];
    this.keys.push({ kid, privateKey: privateKey as KeyObject, publicJwk });
    return kid;
  }

  registerTool(tool: ToolRegistration): void {
    this.tools.set(tool.clientId, tool);
  }

  addContext(context: SimContext): SimContext {
    this.contexts.set(context.id, context);
    return context;
  }

  createLineItem(item: Omit<LineItem, "id">): LineItem {
    const id = `${this.issuer}/contexts/${encodeURIComponent(item.contextId)}/lineitems/${randomUUID()}`;
    const full = { ...item, id };
    this.lineItems.set(id, full);
    return full;
  }

  /**
   * A whole launch as the browser sees it: third-party initiated login at the tool, the tool's redirect to our
   * authorization endpoint, and the auto-submitted form back to the tool. Returns the tool's answer to that post.
   */
  async launch(
    browser: TestBrowser,
    request: LaunchRequest,
  ): Promise<{
    response: BrowserResponse;
    loginRedirect: URL;
    form: { action: string; fields: Record<string, string> };
  }> {
    const tool = this.tools.get(request.clientId);
    if (!tool) throw new Error(`no tool registered with client id ${request.clientId}`);
    const hint = randomUUID();
    this.pending.set(hint, { request, expectedLoginHint: request.user.sub });
    const login: Record<string, string> = {
      iss: this.issuer,
      login_hint: request.user.sub,
      target_link_uri: request.targetLinkUri,
      lti_message_hint: hint,
      client_id: tool.clientId,
      lti_deployment_id: tool.deploymentId,
    };
    if (request.storageTarget) login.lti_storage_target = request.storageTarget;
    const first = await browser.request(tool.loginUrl, { method: "POST", form: login });
    if (first.status !== 302 && first.status !== 303) {
      throw new Error(`the tool answered the login with ${first.status}: ${first.body.slice(0, 300)}`);
    }
    const loginRedirect = new URL(first.headers.get("location") as string, tool.loginUrl);
    const auth = await browser.request(loginRedirect.toString());
    if (auth.status !== 200) throw new Error(`authorization refused: ${auth.status} ${auth.body}`);
    const form = JSON.parse(auth.body) as { action: string; fields: Record<string, string> };
    if (request.stateOverride === null) delete form.fields.state;
    else if (request.stateOverride !== undefined) form.fields.state = request.stateOverride;
    const response = await browser.request(form.action, { method: "POST", form: form.fields });
    return { response, loginRedirect, form };
  }

  /**
   * A course page of the LMS that shows the tool in an iframe, as Moodle and Canvas do: the frame starts the
   * third-party initiated login with an auto-submitting form. Returns the page's URL.
   */
  coursePage(request: LaunchRequest): string {
    const key = randomUUID();
    this.browserLaunches.set(key, request);
    return `${this.issuer}/course/${key}`;
  }

  /** The authorization endpoint's answer as a page with an auto-submitting form (what a real browser gets). */
  static autoSubmitPage(action: string, fields: Record<string, string>): string {
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join("");
    return `<!doctype html><html><body><form method="post" action="${esc(action)}">${inputs}</form><script>document.forms[0].submit()</script></body></html>`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.issuer);
    const send = (status: number, body: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/jwks") {
      return send(200, { keys: this.keys.map((k) => k.publicJwk) });
    }
    if (url.pathname === "/auth") return this.authorize(url, req, res, send);
    if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
      return send(200, {
        issuer: this.issuer,
        authorization_endpoint: this.authLoginUrl,
        token_endpoint: this.authTokenUrl,
        jwks_uri: this.jwksUrl,
        registration_endpoint: `${this.issuer}/register`,
        "https://purl.imsglobal.org/spec/lti-platform-configuration": {
          product_family_code: "simulator",
          messages_supported: [{ type: "LtiResourceLinkRequest" }, { type: "LtiDeepLinkingRequest" }],
        },
      });
    }
    if (req.method === "POST" && url.pathname === "/register") {
      // Dynamic Registration: the one-time token the platform put in the registration URL.
      if (req.headers.authorization !== `Bearer ${this.registrationToken}`)
        return send(401, { error: "invalid_token" });
      const body = JSON.parse(await readBody(req)) as {
        initiate_login_uri: string;
        redirect_uris: string[];
        jwks_uri: string;
        token_endpoint_auth_method: string;
      };
      if (body.token_endpoint_auth_method !== "private_key_jwt") return send(400, { error: "invalid_client_metadata" });
      const clientId = `dyn-${randomUUID()}`;
      const deploymentId = `dep-${randomUUID().slice(0, 8)}`;
      this.registrations.push(body as unknown as Record<string, unknown>);
      this.registerTool({
        clientId,
        deploymentId,
        loginUrl: body.initiate_login_uri,
        redirectUris: body.redirect_uris,
        jwksUrl: body.jwks_uri,
      });
      return send(200, {
        ...body,
        client_id: clientId,
        "https://purl.imsglobal.org/spec/lti-tool-configuration": { deployment_id: deploymentId },
      });
    }
    const course = /^\/course\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && course) {
      return send(
        200,
        `<!doctype html><html lang="en"><head><title>Course</title></head><body><h1>Course page</h1><iframe title="Language Cloud" src="/frame/${course[1]}" width="900" height="700" allow="clipboard-write"></iframe><script>${PLATFORM_STORAGE_SCRIPT}</script></body></html>`,
        "text/html",
      );
    }
    const frame = /^\/frame\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && frame) {
      const request = this.browserLaunches.get(frame[1] as string);
      const tool = request && this.tools.get(request.clientId);
      if (!request || !tool) return send(404, "no such launch", "text/plain");
      const hint = randomUUID();
      this.pending.set(hint, { request, expectedLoginHint: request.user.sub });
      return send(
        200,
        PlatformSimulator.autoSubmitPage(tool.loginUrl, {
          iss: this.issuer,
          login_hint: request.user.sub,
          target_link_uri: request.targetLinkUri,
          lti_message_hint: hint,
          client_id: tool.clientId,
          lti_deployment_id: tool.deploymentId,
          ...(request.storageTarget ? { lti_storage_target: request.storageTarget } : {}),
        }),
        "text/html",
      );
    }
    if (req.method === "POST" && url.pathname === "/token") return this.token(await readBody(req), send);
    if (req.method === "POST" && url.pathname === "/deep-link-return") {
      return this.deepLinkReturn(new URLSearchParams(await readBody(req)), send);
    }
    const nrps = /^\/contexts\/([^/]+)\/memberships$/.exec(url.pathname);
    if (req.method === "GET" && nrps) {
      if (!this.authorized(req, SCOPE_NRPS)) return send(401, { error: "invalid_token" });
      const context = this.contexts.get(decodeURIComponent(nrps[1] as string));
      if (!context) return send(404, { error: "no such context" });
      return send(
        200,
        {
          id: url.toString(),
          context: { id: context.id, title: context.title },
          members: context.members.map((m) => ({
            status: "Active",
            user_id: m.sub,
            name: m.name,
            email: m.email,
            roles: m.roles,
          })),
        },
        "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
      );
    }
    const scores = /^(\/contexts\/[^/]+\/lineitems\/[^/]+)\/scores$/.exec(url.pathname);
    if (req.method === "POST" && scores) {
      const lineItemId = `${this.issuer}${scores[1]}`;
      return this.score(lineItemId, req, await readBody(req), send);
    }
    const item = /^\/contexts\/[^/]+\/lineitems\/[^/]+$/.exec(url.pathname);
    if (req.method === "GET" && item) {
      if (!this.authorized(req, SCOPE_LINEITEM) && !this.authorized(req, SCOPE_SCORE)) {
        return send(401, { error: "invalid_token" });
      }
      const found = this.lineItems.get(`${this.issuer}${url.pathname}`);
      return found
        ? send(200, found, "application/vnd.ims.lis.v2.lineitem+json")
        : send(404, { error: "no such line item" });
    }
    return send(404, { error: `no route ${req.method} ${url.pathname}` });
  }

  private async authorize(
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    send: (s: number, b: unknown, t?: string) => void,
  ): Promise<void> {
    const q = req.method === "POST" ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const problems: string[] = [];
    const expect = (name: string, value: string) => {
      if (q.get(name) !== value) problems.push(`${name} must be ${value}, got ${q.get(name)}`);
    };
    expect("scope", "openid");
    expect("response_type", "id_token");
    expect("response_mode", "form_post");
    expect("prompt", "none");
    const tool = this.tools.get(q.get("client_id") ?? "");
    if (!tool) problems.push(`unknown client_id ${q.get("client_id")}`);
    const redirectUri = q.get("redirect_uri") ?? "";
    if (tool && !tool.redirectUris.includes(redirectUri)) problems.push(`redirect_uri ${redirectUri} not registered`);
    const nonce = q.get("nonce");
    if (!nonce) problems.push("no nonce");
    const pending = this.pending.get(q.get("lti_message_hint") ?? "");
    if (!pending) problems.push("unknown lti_message_hint");
    else if (q.get("login_hint") !== pending.expectedLoginHint) problems.push("login_hint does not match");
    if (problems.length || !tool || !pending) return send(400, { error: "invalid_request", problems });
    this.pending.delete(q.get("lti_message_hint") as string);
    const idToken = await this.idToken(tool, pending.request, nonce as string);
    const fields: Record<string, string> = { id_token: idToken };
    const state = q.get("state");
    if (state !== null) fields.state = state;
    // Tests in Node read the form as JSON; a real browser (Accept: text/html) gets the auto-submitting page.
    if ((req.headers.accept ?? "").includes("text/html")) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(PlatformSimulator.autoSubmitPage(redirectUri, fields));
      return;
    }
    send(200, { action: redirectUri, fields });
  }

  private async idToken(tool: ToolRegistration, r: LaunchRequest, nonce: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const messageType = r.messageType ?? "LtiResourceLinkRequest";
    const claims: JWTPayload = {
      iss: this.issuer,
      aud: tool.clientId,
      sub: r.user.sub,
      iat: now,
      exp: now + 300,
      nonce,
      ...(r.user.name ? { name: r.user.name } : {}),
      ...(r.user.email ? { email: r.user.email } : {}),
      [`${LTI}message_type`]: messageType,
      [`${LTI}version`]: "1.3.0",
      [`${LTI}deployment_id`]: tool.deploymentId,
      [`${LTI}target_link_uri`]: r.targetLinkUri,
      [`${LTI}roles`]: r.user.roles,
      [`${LTI}context`]: {
        id: r.context.id,
        title: r.context.title,
        type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
      },
      [`${LTI}tool_platform`]: { guid: "simulator", product_family_code: "simulator", version: "1" },
      [`${LTI}launch_presentation`]: { document_target: "iframe" },
      [NRPS_CLAIM]: {
        context_memberships_url: `${this.issuer}/contexts/${encodeURIComponent(r.context.id)}/memberships`,
        service_versions: ["2.0"],
      },
      [AGS_CLAIM]: {
        scope: [SCOPE_LINEITEM, SCOPE_RESULT, SCOPE_SCORE],
        lineitems: `${this.issuer}/contexts/${encodeURIComponent(r.context.id)}/lineitems`,
        ...(r.lineItemId ? { lineitem: r.lineItemId } : {}),
      },
    };
    if (r.custom) claims[`${LTI}custom`] = r.custom;
    if (messageType === "LtiResourceLinkRequest") {
      claims[`${LTI}resource_link`] = { id: r.resourceLinkId ?? randomUUID(), title: "Activity" };
    } else {
      const data = `dl-${randomUUID()}`;
      this.deepLinkContexts.set(data, r.context.id);
      claims[`${DL}deep_linking_settings`] = {
        deep_link_return_url: `${this.issuer}/deep-link-return`,
        accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: ["iframe", "window"],
        accept_multiple: true,
        auto_create: true,
        accept_lineitem: true,
        data,
      };
    }
    const key = r.signWith ?? (this.keys[this.keys.length - 1] as SigningKey);
    const header: { kid?: string; alg: string } = { alg: "RS256", kid: key.kid };
    r.tamper?.(claims, header);
    return new SignJWT(claims).setProtectedHeader({ ...header, typ: "JWT" } as { alg: string }).sign(key.privateKey);
  }

  private async token(body: string, send: (s: number, b: unknown, t?: string) => void): Promise<void> {
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== "client_credentials") return send(400, { error: "unsupported_grant_type" });
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
      return send(400, { error: "invalid_request" });
    }
    const assertion = form.get("client_assertion") ?? "";
    let payload: JWTPayload;
    try {
      const unverified = JSON.parse(Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString()) as JWTPayload;
      const tool = this.tools.get(String(unverified.iss));
      if (!tool) return send(401, { error: "invalid_client" });
      ({ payload } = await jwtVerify(assertion, createRemoteJWKSet(new URL(tool.jwksUrl)), {
        issuer: tool.clientId,
        subject: tool.clientId,
        audience: this.authTokenUrl,
        algorithms: ["RS256"],
      }));
      if (!payload.jti) return send(401, { error: "invalid_client", error_description: "no jti" });
    } catch (err) {
      return send(401, { error: "invalid_client", error_description: (err as Error).message });
    }
    const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
    const accessToken = randomBytes(24).toString("base64url");
    this.tokens.set(accessToken, { clientId: String(payload.iss), scopes });
    this.tokenRequests.push({ clientId: String(payload.iss), scopes });
    send(200, { access_token: accessToken, token_type: "Bearer", expires_in: 3600, scope: scopes.join(" ") });
  }

  private authorized(req: IncomingMessage, scope: string): boolean {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    const grant = m ? this.tokens.get(m[1] as string) : undefined;
    return !!grant?.scopes.includes(scope);
  }

  private async score(
    lineItemId: string,
    req: IncomingMessage,
    raw: string,
    send: (s: number, b: unknown, t?: string) => void,
  ): Promise<void> {
    const contentType = String(req.headers["content-type"] ?? "");
    const record = (status: number, body: Record<string, unknown>) =>
      this.scores.push({ lineItemId, body, contentType, status });
    if (!this.authorized(req, SCOPE_SCORE)) return send(401, { error: "invalid_token" });
    if (!this.lineItems.has(lineItemId)) return send(404, { error: "no such line item" });
    if (!contentType.startsWith("application/vnd.ims.lis.v1.score+json")) return send(415, { error: "content type" });
    const body = JSON.parse(raw) as Record<string, unknown>;
    if (this.failNextScores.count > 0) {
      this.failNextScores.count--;
      record(this.failNextScores.status, body);
      return send(this.failNextScores.status, { error: "injected failure" });
    }
    const key = `${lineItemId} ${String(body.userId)}`;
    const previous = this.gradebook.get(key);
    if (typeof body.timestamp !== "string" || Number.isNaN(Date.parse(body.timestamp))) {
      record(400, body);
      return send(400, { error: "timestamp required" });
    }
    if (previous && Date.parse(body.timestamp) <= Date.parse(String(previous.timestamp))) {
      // Moodle refuses a timestamp that is not newer; the specification says to ignore it silently.
      const status = this.options.moodle ? 409 : 200;
      record(status, body);
      return send(status, status === 409 ? { error: "timestamp not newer than the stored one" } : {});
    }
    const stored = { ...body };
    if (this.options.moodle && body.gradingProgress !== "FullyGraded") delete stored.scoreGiven;
    this.gradebook.set(key, stored);
    record(200, body);
    send(200, {});
  }

  private async deepLinkReturn(
    form: URLSearchParams,
    send: (s: number, b: unknown, t?: string) => void,
  ): Promise<void> {
    const jwt = form.get("JWT");
    if (!jwt) return send(400, { error: "no JWT" });
    const unverified = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()) as JWTPayload;
    const tool = this.tools.get(String(unverified.iss));
    if (!tool) return send(400, { error: "unknown tool" });
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(jwt, createRemoteJWKSet(new URL(tool.jwksUrl)), {
        issuer: tool.clientId,
        audience: this.issuer,
        algorithms: ["RS256"],
        maxTokenAge: "5m",
      }));
    } catch (err) {
      return send(400, { error: "bad signature", detail: (err as Error).message });
    }
    if (claims[`${LTI}message_type`] !== "LtiDeepLinkingResponse") return send(400, { error: "message_type" });
    if (claims[`${LTI}version`] !== "1.3.0") return send(400, { error: "version" });
    if (claims[`${LTI}deployment_id`] !== tool.deploymentId) return send(400, { error: "deployment_id" });
    const contextId = this.deepLinkContexts.get(String(claims[`${DL}data`] ?? ""));
    if (!contextId) return send(400, { error: "data claim does not echo a deep-linking request" });
    const items = (claims[`${DL}content_items`] ?? []) as Record<string, unknown>[];
    const links = items.map((item) => {
      const resourceLinkId = randomUUID();
      const li = item.lineItem as
        | { scoreMaximum: number; label?: string; resourceId?: string; tag?: string }
        | undefined;
      const lineItem = li
        ? this.createLineItem({
            contextId,
            label: li.label ?? String(item.title ?? ""),
            scoreMaximum: li.scoreMaximum,
            resourceId: li.resourceId,
            resourceLinkId,
            tag: li.tag,
          })
        : undefined;
      return { resourceLinkId, lineItemId: lineItem?.id, custom: item.custom as Record<string, string> | undefined };
    });
    this.deepLinkReturns.push({ claims, items, links });
    send(200, "<p>Content added.</p>", "text/html");
  }
}

/**
 * The platform side of the client-side postMessage storage: answers `lti.put_data` and `lti.get_data` from the
 * tool's frame (any origin here: a test platform), keeping values in `window.ltiStorage` for the test to see.
 */
const PLATFORM_STORAGE_SCRIPT = `
window.ltiStorage = {};
window.addEventListener("message", function (e) {
  var m = e.data || {};
  if (m.subject === "lti.put_data") {
    window.ltiStorage[m.key] = m.value;
    e.source.postMessage({ subject: "lti.put_data.response", message_id: m.message_id, key: m.key, value: m.value }, e.origin);
  } else if (m.subject === "lti.get_data") {
    e.source.postMessage({ subject: "lti.get_data.response", message_id: m.message_id, key: m.key, value: window.ltiStorage[m.key] }, e.origin);
  }
});`;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
