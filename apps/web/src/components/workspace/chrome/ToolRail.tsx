"use client";
// The left rail: tools, history, view. Every button names its shortcut in the tooltip.
import type { ReactNode } from "react";
import type { Tool } from "../viewer/MaskViewer";
import type { OverlayStyle } from "../viewer/overlay";
import { BrushIcon, EraserIcon, FillIcon, FitIcon, KeyboardIcon, OutlineIcon, RedoIcon, SmartIcon, TrashIcon, UndoIcon } from "./icons";

function RailButton(props: { label: string; shortcut: string; active?: boolean; disabled?: boolean; onClick(): void; children: ReactNode; testId?: string }) {
  return (
    <button
      type="button"
      title={`${props.label} (${props.shortcut})`}
      aria-label={props.label}
      aria-pressed={props.active}
      disabled={props.disabled}
      onClick={props.onClick}
      data-testid={props.testId}
      className={`flex size-9 items-center justify-center rounded-md transition-colors disabled:cursor-not-allowed disabled:text-zinc-700 ${
        props.active ? "bg-accent-700 text-white" : "text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100"
      }`}
    >
      {props.children}
    </button>
  );
}

const Divider = () => <div className="my-1.5 h-px w-6 bg-zinc-800" />;

export interface ToolRailProps {
  tool: Tool;
  onTool(tool: Tool): void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
  onClear(): void;
  overlayStyle: OverlayStyle;
  onCycleOverlay(): void;
  onFit(): void;
  onHelp(): void;
}

export function ToolRail(p: ToolRailProps) {
  return (
    <nav className="flex w-12 shrink-0 flex-col items-center gap-1 border-r border-zinc-800 bg-zinc-900 py-2" aria-label="Tools">
      <RailButton label="Smart: click and box" shortcut="V" active={p.tool === "smart"} onClick={() => p.onTool("smart")} testId="tool-smart">
        <SmartIcon className="size-[18px]" />
      </RailButton>
      <RailButton label="Brush" shortcut="B" active={p.tool === "paint"} onClick={() => p.onTool("paint")} testId="tool-brush">
        <BrushIcon className="size-[18px]" />
      </RailButton>
      <RailButton label="Eraser" shortcut="E" active={p.tool === "erase"} onClick={() => p.onTool("erase")} testId="tool-eraser">
        <EraserIcon className="size-[18px]" />
      </RailButton>
      <Divider />
      <RailButton label="Undo" shortcut="Z" disabled={!p.canUndo} onClick={p.onUndo} testId="undo">
        <UndoIcon className="size-[18px]" />
      </RailButton>
      <RailButton label="Redo" shortcut="Shift+Z" disabled={!p.canRedo} onClick={p.onRedo} testId="redo">
        <RedoIcon className="size-[18px]" />
      </RailButton>
      <RailButton label="Clear mask" shortcut="Backspace" onClick={p.onClear} testId="clear">
        <TrashIcon className="size-[18px]" />
      </RailButton>
      <Divider />
      <RailButton label={`Overlay: ${p.overlayStyle}`} shortcut="O" onClick={p.onCycleOverlay}>
        {p.overlayStyle === "outline" ? <OutlineIcon className="size-[18px]" /> : <FillIcon className="size-[18px]" />}
      </RailButton>
      <RailButton label="Fit image" shortcut="F" onClick={p.onFit}>
        <FitIcon className="size-[18px]" />
      </RailButton>
      <div className="flex-1" />
      <RailButton label="Keyboard shortcuts" shortcut="?" onClick={p.onHelp} testId="help">
        <KeyboardIcon className="size-[18px]" />
      </RailButton>
    </nav>
  );
}
