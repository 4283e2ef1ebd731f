// Helpers that need Node's own modules. They live behind the `@gongbang/shared/node` subpath so
// that the main entry (the wire contract) stays importable where node:crypto is not, such as a
// browser bundle.
export { safeEqual } from './safe-equal.js';
