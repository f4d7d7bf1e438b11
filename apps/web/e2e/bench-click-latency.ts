// Click-to-mask latency of the annotator workspace in headless Chromium (the production build,
// the real decoder in onnxruntime-web): for each of several phantom images, the standard
// clicker (first click at the lesion's most interior pixel, then at the largest error region)
// places clicks and the page reports click → mask drawn (performance.measure). Also measured:
// the time from opening an image to its first mask.
//
//   pnpm bench:click-latency            (BENCH_IMAGES=5 BENCH_CLICKS=10 BENCH_EMBEDDINGS=server|browser)
//
// Runs under vitest (bench.vitest.config.ts) for the harness's database server. Writes
// bench/results/click-latency.json (click-latency-browser-embedding.json with BENCH_EMBEDDINGS=browser).
import { it } from "vitest";
import { BENCH_RESULTS_DIR, benchMetadata, meanStd, percentile, writeBenchReport } from "@clickloop/sam/bench";
import { launchBrowser, startApp } from "./harness";
import { clickImage, iou, nextClick, precomputeEmbeddings, readMask, seedWorkspaceProject, signIn, waitForWorkspaceImage } from "./workspace-helpers";

async function main() {
  const imageCount = Number(process.env.BENCH_IMAGES ?? 5);
  const clicksPerImage = Number(process.env.BENCH_CLICKS ?? 10);
  const embeddingSource = process.env.BENCH_EMBEDDINGS === "browser" ? "browser" : "server";

  const app = await startApp({ worker: false });
  const browser = await launchBrowser();
  try {
    const seeded = await seedWorkspaceProject(app, imageCount, 1);
    if (embeddingSource === "server") await precomputeEmbeddings(app, seeded.images);
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, app.baseUrl, seeded.annotators[0]!.email);

    const clickLatencies: number[] = [];
    const decodeLatencies: number[] = [];
    const perImage: { imageReadyMs: number; firstClickMs: number; firstMaskMs: number; iouAfterClicks: number[] }[] = [];
    let previous: string | undefined;
    // Wall clock from pressing Submit to the next image being ready to click (save + lease + load).
    let submittedAt: number | null = null;
    const submitToReadyMs: number[] = [];
    await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/annotate`);
    for (let n = 0; n < imageCount; n++) {
      const imageId = await waitForWorkspaceImage(page, previous);
      if (submittedAt !== null) submitToReadyMs.push(Date.now() - submittedAt);
      const image = seeded.images.find((im) => im.id === imageId)!;
      const ious: number[] = [];
      let mask: ArrayLike<number> = new Uint8Array(image.mask.length);
      for (let k = 0; k < clicksPerImage; k++) {
        const click = k === 0 ? { ...image.interior, positive: true } : nextClick(image.mask, mask, image.width, image.height);
        await clickImage(page, click.x, click.y, click.positive ? "left" : "right");
        mask = (await readMask(page)).data;
        ious.push(iou(mask, image.mask));
      }
      const measures = await page.evaluate(() => ({
        clicks: performance.getEntriesByName("clickloop:click-to-mask").map((e) => e.duration),
        decodes: performance.getEntriesByName("clickloop:decode").map((e) => e.duration),
        ready: performance.getEntriesByName("clickloop:image-ready").map((e) => e.duration),
      }));
      const mine = measures.clicks.slice(-clicksPerImage);
      clickLatencies.push(...mine);
      decodeLatencies.push(...measures.decodes.slice(-clicksPerImage));
      const imageReadyMs = measures.ready.at(-1) ?? Number.NaN;
      // Opening → first mask: queue/lease round trip + image + embedding, then the first click's decode.
      perImage.push({ imageReadyMs, firstClickMs: mine[0]!, firstMaskMs: imageReadyMs + mine[0]!, iouAfterClicks: ious });
      console.log(`image ${n + 1}/${imageCount}: ready ${imageReadyMs.toFixed(0)} ms, clicks ${mine.map((v) => v.toFixed(0)).join(" ")} ms, IoU ${ious.map((v) => v.toFixed(2)).join(" ")}`);
      previous = imageId;
      submittedAt = Date.now();
      await page.getByTestId("submit").click();
    }
    const runtime = await page.getByTestId("model-version").getAttribute("title");
    const stats = (values: number[]) => ({ median: percentile(values, 50), p95: percentile(values, 95), ...meanStd(values), min: Math.min(...values), max: Math.max(...values) });
    // The normal path (server embeddings) is click-latency.json; the browser-encoder fallback gets its own file.
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
      },
      clickToMaskMs: stats(clickLatencies),
      decoderRunMs: stats(decodeLatencies),
      firstMaskMs: stats(perImage.map((p) => p.firstMaskMs)),
      imageReadyMs: stats(perImage.map((p) => p.imageReadyMs)),
      submitToNextImageReadyMs: submitToReadyMs.length > 0 ? stats(submitToReadyMs) : null,
      perImage,
      rawClickToMaskMs: clickLatencies,
    });
    console.log(`click → mask: median ${percentile(clickLatencies, 50).toFixed(1)} ms, p95 ${percentile(clickLatencies, 95).toFixed(1)} ms over ${clickLatencies.length} clicks`);
    console.log(`wrote ${file} (${benchMetadata("click-latency").gitSha?.slice(0, 8) ?? "no git"})`);
  } finally {
    await browser.close();
    await app.stop();
  }
}

it("click-to-mask latency", main);
