/**
 * HTTP overhead of `@dropship/http` against bare ky doing the same work (same retries, timeout
 * and zod schema; target ≤ 1.15×), raw `fetch` printed for information. The benchmark lives in
 * `packages/http/bench/http-overhead.ts` so that it resolves `ky` and `zod` from the package that
 * depends on them.
 *
 * Run: pnpm bench http (or node --conditions=@dropship/source --import tsx bench/http.bench.ts [calls])
 */
import '../packages/http/bench/http-overhead.ts';
