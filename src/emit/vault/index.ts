import type { Emitter } from '../types.js';

export const emitVault: Emitter = () => [];
