"use client";
// Display adjustments; they change only what is shown, never the image the model sees.
import { ContrastIcon, SunIcon } from "./icons";

interface SliderProps {
  label: string;
  icon: React.ReactNode;
  value: number;
  min: number;
  max: number;
  step: number;
  format(v: number): string;
  onChange(v: number): void;
}

function Slider(p: SliderProps) {
  return (
    <label className="flex items-center gap-2 text-[12px] text-zinc-400" title={p.label}>
      <span className="text-zinc-500">{p.icon}</span>
      <span className="sr-only">{p.label}</span>
      <input
        type="range"
        min={p.min}
        max={p.max}
        step={p.step}
        value={p.value}
        onChange={(e) => p.onChange(Number(e.target.value))}
        className="h-1 w-24 cursor-pointer accent-teal-400"
      />
      <span className="w-9 text-right tabular-nums text-zinc-300">{p.format(p.value)}</span>
    </label>
  );
}

export interface AdjustPanelProps {
  brightness: number;
  contrast: number;
  opacity: number;
  brushRadius: number;
  showBrush: boolean;
  onBrightness(v: number): void;
  onContrast(v: number): void;
  onOpacity(v: number): void;
  onBrushRadius(v: number): void;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

export function AdjustPanel(p: AdjustPanelProps) {
  return (
    <div className="flex items-center gap-5">
      {p.showBrush && (
        <Slider label="Brush size" icon={<span className="text-[11px]">Size</span>} value={p.brushRadius} min={1} max={80} step={1} format={(v) => `${v}px`} onChange={p.onBrushRadius} />
      )}
      <Slider label="Mask opacity" icon={<span className="text-[11px]">Mask</span>} value={p.opacity} min={0.1} max={0.9} step={0.05} format={percent} onChange={p.onOpacity} />
      <Slider label="Brightness" icon={<SunIcon className="size-3.5" />} value={p.brightness} min={0.3} max={2.5} step={0.05} format={percent} onChange={p.onBrightness} />
      <Slider label="Contrast" icon={<ContrastIcon className="size-3.5" />} value={p.contrast} min={0.3} max={3} step={0.05} format={percent} onChange={p.onContrast} />
    </div>
  );
}
