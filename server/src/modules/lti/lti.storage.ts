/**
 * The platform's client-side OIDC storage (1EdTech "LTI Client Side postMessage Storage"): when the login offers
 * `lti_storage_target`, the tool keeps a value in the platform's window (`lti.put_data`) before going to the
 * authorization endpoint, and reads it back (`lti.get_data`) when the launch arrives. That binds the launch to the
 * browser that started the login, which a cookie would do outside a frame. The pages load `/lti/storage.js` (the
 * CSP allows no inline script); their data rides in `data-` attributes.
 */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const STORAGE_KEY_PREFIX = "lc_state_";

export const storageScript = `(function () {
  var el = document.getElementById("lti-storage");
  if (!el) return;
  var d = el.dataset;
  var target = d.target === "_parent" ? window.parent : (window.parent.frames[d.target] || window.parent);
  var id = "lc" + Math.random().toString(36).slice(2);
  var done = false;
  function finish(value) {
    if (done) return;
    done = true;
    if (d.mode === "put") { window.location.replace(d.redirect); return; }
    var form = document.getElementById("lti-continue");
    form.elements.namedItem("lti_storage_secret").value = value || "";
    form.submit();
  }
  window.addEventListener("message", function (e) {
    if (e.origin !== d.origin) return;
    var m = e.data || {};
    if (m.message_id !== id) return;
    finish(m.error ? "" : m.value);
  });
  var message = { subject: d.mode === "put" ? "lti.put_data" : "lti.get_data", message_id: id, key: d.key };
  if (d.mode === "put") message.value = d.value;
  target.postMessage(message, d.origin);
  setTimeout(function () { finish(""); }, 3000);
})();
(function () {
  // Dynamic Registration done: tell the LMS window that opened us.
  if (!document.getElementById("lti-close")) return;
  (window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
})();
`;

export function registeredPage(name: string): string {
  return page(
    `<div id="lti-close"></div><h1>Language Cloud is registered with ${esc(name)}</h1><p>You can close this window.</p>`,
  );
}

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Opening Language Cloud…</title></head><body><main><p>Opening Language Cloud…</p>${body}</main><script src="/lti/storage.js"></script></body></html>`;

/** At login: keep `value` under `key` in the platform's storage, then go to the authorization endpoint. */
export function putPage(o: { target: string; origin: string; key: string; value: string; redirect: string }): string {
  return page(
    `<div id="lti-storage" data-mode="put" data-target="${esc(o.target)}" data-origin="${esc(o.origin)}" data-key="${esc(o.key)}" data-value="${esc(o.value)}" data-redirect="${esc(o.redirect)}"></div>`,
  );
}

/** At launch: read the value back and post the launch again with it. */
export function getPage(o: { target: string; origin: string; key: string; idToken: string; state: string }): string {
  return page(
    `<div id="lti-storage" data-mode="get" data-target="${esc(o.target)}" data-origin="${esc(o.origin)}" data-key="${esc(o.key)}"></div><form id="lti-continue" method="post" action="/lti/launch"><input type="hidden" name="id_token" value="${esc(o.idToken)}"><input type="hidden" name="state" value="${esc(o.state)}"><input type="hidden" name="lti_storage_secret" value=""><noscript><p>Language Cloud needs JavaScript to open inside your course.</p></noscript></form>`,
  );
}
