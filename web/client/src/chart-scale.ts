/** Where a value falls in a small chart: its frame, the plot inside the padding, and an axis maximum that reads well. */

export interface ChartFrame {
  width: number;
  height: number;
  padding: { left: number; right: number; top: number; bottom: number };
}

export function plotWidth(frame: ChartFrame): number {
  return frame.width - frame.padding.left - frame.padding.right;
}

export function plotHeight(frame: ChartFrame): number {
  return frame.height - frame.padding.top - frame.padding.bottom;
}

/** The y of a value of 0 .. `maximum` in the plot area. */
export function chartY(frame: ChartFrame, value: number, maximum: number): number {
  return frame.padding.top + (1 - value / maximum) * plotHeight(frame);
}

/** The smallest 1, 2 or 5 times a power of ten at or above `value`. 1 for 0 or less. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const factor = value / power;
  const step = factor <= 1 ? 1 : factor <= 2 ? 2 : factor <= 5 ? 5 : 10;
  return step * power;
}
