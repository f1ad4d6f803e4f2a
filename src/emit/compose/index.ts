import type { Emitter } from '../types.js';

export const emitCompose: Emitter = () => [];
