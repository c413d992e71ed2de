export { hedgesG } from "./effect-size.ts";
export { type SampleSummary, summarize } from "./moments.ts";
export { type OlsCoefficient, type OlsFit, ols } from "./ols.ts";
export { incompleteBeta, incompleteBetaUpper, logBeta, logGamma } from "./special.ts";
export { tCdf, tDensity, tQuantile, tTwoSided } from "./t-distribution.ts";
export { type WelchResult, welchFromSummaries, welchTTest } from "./welch.ts";
