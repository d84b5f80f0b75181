/**
 * HTTP overhead of `@dropship/http` against raw `fetch` + `JSON.parse` (target ≤ 1.2×).
 * The benchmark lives in `packages/http/bench/http-overhead.ts` so that it resolves `ky` and
 * `zod` from the package that depends on them.
 *
 * Run: node --conditions=@dropship/source --import tsx bench/http.bench.ts [calls]
 */
import '../packages/http/bench/http-overhead.ts';
