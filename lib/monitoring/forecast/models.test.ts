import { describe, expect, it } from "vitest";
import { describeModel, modelName } from "./models";
import { IDENTITY } from "../shared/transform";

describe("describeModel", () => {
  it("names every model kind in plain words, with its seasonal periods and scale", () => {
    expect(describeModel(modelName({ kind: "seasonal_naive", periods: [7], transform: IDENTITY }))).toBe("Same as last cycle (seasonal naive)");
    expect(describeModel(modelName({ kind: "ets", periods: [], transform: IDENTITY }))).toBe("Exponential smoothing");
    expect(describeModel(modelName({ kind: "mstl_ets", periods: [7], transform: IDENTITY }))).toBe("Weekly pattern + exponential smoothing");
    expect(describeModel("mstl_ets(24,168)+log1p")).toBe("Daily and weekly pattern + exponential smoothing, on a log scale");
    expect(describeModel("ets+anscombe")).toBe("Exponential smoothing, on a square-root scale");
  });
  it("leaves a name it does not know as it is", () => {
    expect(describeModel("prophet")).toBe("prophet");
  });
});
