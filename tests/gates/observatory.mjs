// Run the MDN HTTP Observatory's scan against a local server, on given ports.
//
// The package's CLI takes a bare hostname and scans it on ports 80 and 443;
// its retriever already accepts other ports (`httpPort`, `httpsPort`), but
// `scan()` does not pass them on. This driver is `scan()` from
// src/scanner/index.js with the ports passed through; the tests and the
// grading are the package's own.
//
// usage: node observatory.mjs HOST HTTP_PORT HTTPS_PORT
import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";
import { ALL_TESTS, NUM_TESTS, ALGORITHM_VERSION } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import {
  getGradeForScore,
  getScoreDescription,
  getScoreModifier,
} from "@mdn/mdn-http-observatory/src/grader/grader.js";

const [host, httpPort, httpsPort] = process.argv.slice(2);
const r = await retrieve(host, { httpPort, httpsPort });
if (!r.responses.auto) {
  console.log(JSON.stringify({ error: "The site seems to be down." }));
  process.exit(1);
}
const results = ALL_TESTS.map((test) => test(r));
let testsPassed = 0;
let scoreWithExtraCredit = 100;
let uncurvedScore = 100;
for (const result of results) {
  if (result.result) {
    result.scoreDescription = getScoreDescription(result.result);
    result.scoreModifier = getScoreModifier(result.result);
    testsPassed += result.pass ? 1 : 0;
    scoreWithExtraCredit += result.scoreModifier;
    if (result.scoreModifier < 0) uncurvedScore += result.scoreModifier;
  }
}
const score =
  uncurvedScore >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? scoreWithExtraCredit : uncurvedScore;
const final = getGradeForScore(score);
const tests = Object.fromEntries(
  results.map((result) => [
    result.constructor.name,
    {
      pass: result.pass,
      result: result.result,
      scoreModifier: result.scoreModifier,
      scoreDescription: result.scoreDescription,
    },
  ])
);
console.log(
  JSON.stringify(
    {
      scan: {
        algorithmVersion: ALGORITHM_VERSION,
        grade: final.grade,
        score: final.score,
        statusCode: r.responses.auto.status,
        finalUrl: r.session?.url?.href,
        testsPassed,
        testsQuantity: NUM_TESTS,
        responseHeaders: r.responses.auto.headers,
      },
      tests,
    },
    null,
    2
  )
);
