// Test support of @clickloop/sam, for other packages' tests too (`@clickloop/sam/testing`).
export { ELLIPSE, ellipsePng } from "./helpers/ellipse-image";
