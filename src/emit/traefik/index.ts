import type { Emitter } from '../types.js';

export const emitTraefik: Emitter = () => [];
