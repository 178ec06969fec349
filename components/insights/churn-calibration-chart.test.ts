// The calibration chart says so when there is nothing to compare, instead of drawing empty axes.
import { expect, test } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ChurnCalibrationChart } from "./churn-calibration-chart";

test("no evaluated users: an honest sentence, no chart", () => {
  const html = renderToStaticMarkup(createElement(ChurnCalibrationChart, { bins: [] }));
  expect(html).toContain("No evaluated users");
  expect(html).not.toContain("recharts");
});

test("with bins: a labelled chart container", () => {
  const html = renderToStaticMarkup(createElement(ChurnCalibrationChart, { bins: [{ from: 0, to: 0.1, users: 5, predicted: 0.05, observed: 0.2 }] }));
  expect(html).toContain('aria-label="Predicted and observed churn per risk bin"');
});
