/**
 * Whether a visitor has the kiosk layer open, for pixi views under it: the opaque layer hides the
 * canvas, so animations there (the attract card's pulse) stop asking for frames — under software
 * WebGL a 1080 × 1920 frame per tick would otherwise slow the very touch handling on top.
 */
export const kioskState = { open: false };
