// Click-to-mask latency of the annotator workspace in headless Chromium (the production build,
// the real decoder in onnxruntime-web): for each of several phantom images, the standard
// clicker (first click at the lesion's most interior pixel, then at the largest error region)
// places clicks and the page reports click → mask drawn (performance.measure). Also measured:
// the time from opening an image to its first mask.
//
// Three decoder paths run side by side, one page (and annotator) each, their clicks interleaved
// (every click of every page in rotating order, so a busy CPU hits them alike):
//   main-thread     sam.onnx on the page's thread (the workspace before the decoder worker)
//   worker-single   sam.onnx in the decoder worker
//   worker-factored the factored decoder in the worker (the default): image side when the image
//                   opens, per-click graph, upscaling in JavaScript
//
//   pnpm bench:click-latency            (BENCH_IMAGES=5 BENCH_CLICKS=10 BENCH_EMBEDDINGS=server|browser)
//
// Runs under vitest (bench.vitest.config.ts) for the harness's database server. Writes
// bench/results/click-latency.json (click-latency-browser-embedding.json with BENCH_EMBEDDINGS=browser).
import os from "node:os";
import type { Page } from "playwright-core";
import { it } from "vitest";
import { LocalStorage } from "@clickloop/storage";
import { publishBaseFactored } from "@clickloop/worker";
import { BENCH_RESULTS_DIR, benchMetadata, meanStd, percentile, writeBenchReport } from "@clickloop/sam/bench";
import { launchBrowser, startApp } from "./harness";
import { clickImage, iou, nextClick, precomputeEmbeddings, readMask, seedWorkspaceProject, signIn, waitForWorkspaceImage, type SeededImage } from "./workspace-helpers";

const VARIANTS = ["main-thread", "worker-single", "worker-factored"] as const;
type Variant = (typeof VARIANTS)[number];
const QUERY: Record<Variant, string> = { "main-thread": "?decoder=main-thread", "worker-single": "?decoder=worker-single", "worker-factored": "" };

interface PerImage {
  imageReadyMs: number;
  firstClickMs: number;
  firstMaskMs: number;
  iouAfterClicks: number[];
}

interface PageRun {
  variant: Variant;
  page: Page;
  previous?: string;
  image?: SeededImage;
  mask: ArrayLike<number>;
  ious: number[];
  perImage: PerImage[];
  measures: Record<string, number[]>;
  submittedAt: number | null;
  submitToReadyMs: number[];
}

const MEASURES = ["click-to-mask", "decode", "upscale", "worker-roundtrip", "image-side", "image-ready"] as const;

async function collect(run: PageRun, clicks: number): Promise<void> {
  const entries = await run.page.evaluate(
    (names) => Object.fromEntries(names.map((n) => [n, performance.getEntriesByName(`clickloop:${n}`).map((e) => e.duration)])),
    [...MEASURES],
  );
  const clicksOf = (name: string) => (entries[name] ?? []).slice(-clicks);
  for (const name of ["click-to-mask", "decode", "upscale", "worker-roundtrip"]) run.measures[name]!.push(...clicksOf(name));
  const ready = entries["image-ready"]?.at(-1) ?? Number.NaN;
  run.measures["image-ready"]!.push(ready);
  const side = entries["image-side"]?.at(-1);
  if (side !== undefined) run.measures["image-side"]!.push(side);
  const mine = clicksOf("click-to-mask");
  run.perImage.push({ imageReadyMs: ready, firstClickMs: mine[0]!, firstMaskMs: ready + mine[0]!, iouAfterClicks: run.ious });
}

const stats = (values: number[]) =>
  values.length === 0 ? null : { median: percentile(values, 50), p95: percentile(values, 95), ...meanStd(values), min: Math.min(...values), max: Math.max(...values) };

async function main() {
  const imageCount = Number(process.env.BENCH_IMAGES ?? 5);
  const clicksPerImage = Number(process.env.BENCH_CLICKS ?? 10);
  const embeddingSource = process.env.BENCH_EMBEDDINGS === "browser" ? "browser" : "server";
  const loadBefore = os.loadavg();

  const app = await startApp({ worker: false });
  const browser = await launchBrowser();
  try {
    const seeded = await seedWorkspaceProject(app, imageCount * VARIANTS.length, VARIANTS.length);
    if (embeddingSource === "server") await precomputeEmbeddings(app, seeded.images);
    // what the worker publishes at start-up (this app runs without one)
    await publishBaseFactored(new LocalStorage(app.storageDir));
    const runs: PageRun[] = [];
    for (const [i, variant] of VARIANTS.entries()) {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      await signIn(page, app.baseUrl, seeded.annotators[i]!.email);
      await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/annotate${QUERY[variant]}`);
      runs.push({ variant, page, mask: [], ious: [], perImage: [], measures: Object.fromEntries(MEASURES.map((m) => [m, []])), submittedAt: null, submitToReadyMs: [] });
    }
    let runtime: string | null = null;
    for (let n = 0; n < imageCount; n++) {
      for (const run of runs) {
        const imageId = await waitForWorkspaceImage(run.page, run.previous);
        if (run.submittedAt !== null) run.submitToReadyMs.push(Date.now() - run.submittedAt);
        run.image = seeded.images.find((im) => im.id === imageId)!;
        run.mask = new Uint8Array(run.image.mask.length);
        run.ious = [];
        run.previous = imageId;
      }
      runtime ??= await runs.at(-1)!.page.getByTestId("model-version").getAttribute("title");
      for (let k = 0; k < clicksPerImage; k++) {
        for (let r = 0; r < runs.length; r++) {
          const run = runs[(r + k + n) % runs.length]!;
          const image = run.image!;
          const click = k === 0 ? { ...image.interior, positive: true } : nextClick(image.mask, run.mask, image.width, image.height);
          await clickImage(run.page, click.x, click.y, click.positive ? "left" : "right");
          run.mask = (await readMask(run.page)).data;
          run.ious.push(iou(run.mask, image.mask));
        }
      }
      for (const run of runs) {
        await collect(run, clicksPerImage);
        const last = run.perImage.at(-1)!;
        console.log(`${run.variant.padEnd(16)} image ${n + 1}/${imageCount}: ready ${last.imageReadyMs.toFixed(0)} ms, clicks ${run.measures["click-to-mask"]!.slice(-clicksPerImage).map((v) => v.toFixed(0)).join(" ")} ms, IoU ${run.ious.map((v) => v.toFixed(2)).join(" ")}`);
        run.submittedAt = Date.now();
        await run.page.getByTestId("submit").click();
      }
    }
    const variants = Object.fromEntries(
      runs.map((run) => {
        const clicks = run.measures["click-to-mask"]!;
        // what is neither decode nor upscaling: messaging, thresholding (main thread), React, drawing
        const inner = run.variant === "main-thread" ? run.measures.decode! : run.measures["worker-roundtrip"]!;
        const rest = clicks.map((c, i) => c - (inner[i] ?? Number.NaN));
        return [
          run.variant,
          {
            clickToMaskMs: stats(clicks),
            decodeMs: stats(run.measures.decode!),
            upscaleMs: stats(run.measures.upscale!),
            workerRoundTripMs: stats(run.measures["worker-roundtrip"]!),
            restMs: stats(rest),
            imageSideMs: stats(run.measures["image-side"]!),
            imageReadyMs: stats(run.perImage.map((p) => p.imageReadyMs)),
            firstMaskMs: stats(run.perImage.map((p) => p.firstMaskMs)),
            submitToNextImageReadyMs: stats(run.submitToReadyMs),
            perImage: run.perImage,
            rawClickToMaskMs: clicks,
          },
        ];
      }),
    );
    const name = embeddingSource === "server" ? "click-latency" : "click-latency-browser-embedding";
    const file = writeBenchReport(BENCH_RESULTS_DIR, name, {
      setup: {
        browser: `${browser.browserType().name()} ${browser.version()} (headless)`,
        executionBackend: runtime,
        embeddings: embeddingSource,
        images: imageCount,
        clicksPerImage,
        imageSize: `${seeded.images[0]!.width}x${seeded.images[0]!.height}`,
        clicker: "first click at the lesion's distance-transform maximum, then the farthest-from-boundary error pixel (FN positive, FP negative)",
        interleaving: "one page per variant, every click of every page in rotating order",
        loadAverageAtStart: loadBefore,
        loadAverageAtEnd: os.loadavg(),
      },
      note:
        "decode = session.run (+ in-graph resize for sam.onnx); upscale = JavaScript upscaling + threshold in the worker; rest = click-to-mask minus the decode (main-thread) or the worker round trip: thresholding on the page (main-thread), messaging, React and drawing",
      clickToMaskMs: variants["worker-factored"]!.clickToMaskMs,
      variants,
    });
    for (const run of runs) {
      const v = variants[run.variant]!;
      console.log(
        `${run.variant.padEnd(16)} click → mask median ${v.clickToMaskMs!.median.toFixed(1)} ms, p95 ${v.clickToMaskMs!.p95.toFixed(1)} ms; decode ${v.decodeMs?.median.toFixed(1)}, upscale ${v.upscaleMs?.median.toFixed(1) ?? "-"}, rest ${v.restMs?.median.toFixed(1)} (n = ${v.clickToMaskMs!.n})`,
      );
    }
    console.log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} → ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log(`wrote ${file} (${benchMetadata("click-latency").gitSha?.slice(0, 8) ?? "no git"})`);
  } finally {
    await browser.close();
    await app.stop();
  }
}

it("click-to-mask latency", main);
