// The keyboard map, in one place: the help overlay is generated from it.
export interface Shortcut {
  keys: string[];
  label: string;
}

export interface ShortcutGroup {
  title: string;
  items: Shortcut[];
}

export const SHORTCUT_GROUPS: ShortcutGroup[] = [
  {
    title: "Segment",
    items: [
      { keys: ["Click"], label: "Positive click (inside the structure)" },
      { keys: ["Right-click", "Shift+Click"], label: "Negative click (outside)" },
      { keys: ["Drag"], label: "Box around the structure" },
      { keys: ["1", "2", "3"], label: "Choose one of the model's candidate masks" },
    ],
  },
  {
    title: "Tools",
    items: [
      { keys: ["V"], label: "Smart tool (clicks and box)" },
      { keys: ["B"], label: "Brush: paint mask (right-drag erases)" },
      { keys: ["E"], label: "Eraser" },
      { keys: ["[", "]"], label: "Smaller / larger brush" },
    ],
  },
  {
    title: "Edit",
    items: [
      { keys: ["Z", "Ctrl+Z"], label: "Undo" },
      { keys: ["Shift+Z", "Ctrl+Y"], label: "Redo" },
      { keys: ["Backspace"], label: "Clear the mask (undoable)" },
    ],
  },
  {
    title: "View",
    items: [
      { keys: ["Wheel", "+", "−"], label: "Zoom" },
      { keys: ["Space+Drag", "Middle-drag", "Arrows"], label: "Pan" },
      { keys: ["F"], label: "Fit image" },
      { keys: ["O"], label: "Fill / outline / both" },
      { keys: ["M"], label: "Hide mask while held" },
      { keys: [",", "."], label: "Mask opacity" },
      { keys: ["R"], label: "Reset brightness and contrast" },
    ],
  },
  {
    title: "Queue",
    items: [
      { keys: ["Enter"], label: "Submit and open the next image" },
      { keys: ["S"], label: "Skip this image (with a reason)" },
      { keys: ["?"], label: "Show or hide this help" },
    ],
  },
];
