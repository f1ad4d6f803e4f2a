import { shellBare } from '../../serialize/shell.js';

/**
 * A container's state and, when it has a healthcheck, its health: `running healthy`. Works with or without
 * one, since `.State.Health` is absent when the service has none. The doctor reads the same format.
 */
export const containerStateFormat = '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}';

export const statusCommand = (container: string): string => `docker inspect --format '${containerStateFormat}' ${shellBare(container)}`;

export const logsCommand = (container: string): string => `docker logs --tail 200 ${shellBare(container)}`;
