import type { Emitter } from '../types.js';

export const emitAuthentik: Emitter = () => [];
