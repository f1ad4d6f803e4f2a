import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { sh } from './run.js';

/**
 * The Compose network, rebuilt with network namespaces: one namespace per container (so two
 * workers can both listen on 8080), each with a veth on one bridge, and an /etc/hosts that
 * resolves every service name, container name and platform host the way Docker's DNS does.
 * `ip netns exec` bind-mounts /etc/netns/<ns>/hosts over /etc/hosts for what it runs.
 */
export interface NetHost {
  readonly netns: string;
  readonly address: string;
  readonly names: readonly string[];
}

// Two checkouts may run the suite at once: each names its own namespaces and subnet.
export const prefix = process.env['PERFECT_GEN_E2E_NET'] ?? 'pge2e';
const bridge = `${prefix}br0`;
const subnet = `10.213.${Number(process.env['PERFECT_GEN_E2E_SUBNET'] ?? 7)}`;

export class Network {
  private readonly hosts: NetHost[] = [];

  constructor() {
    Network.removeLeftovers();
    sh('ip', ['link', 'add', bridge, 'type', 'bridge']);
    sh('ip', ['addr', 'add', `${subnet}.1/24`, 'dev', bridge]);
    sh('ip', ['link', 'set', bridge, 'up']);
  }

  /** A new container host with the names it answers to. */
  add(names: readonly string[]): NetHost {
    const index = this.hosts.length + 10;
    if (index > 250) throw new Error('too many hosts for the test network');
    const netns = `${prefix}-${index}`;
    const host: NetHost = { netns, address: `${subnet}.${index}`, names: [...new Set(names)] };
    const outside = `${prefix}v${index}`;
    const inside = `${prefix}c${index}`;
    sh('ip', ['netns', 'add', netns]);
    sh('ip', ['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
    sh('ip', ['link', 'set', inside, 'netns', netns]);
    sh('ip', ['link', 'set', outside, 'master', bridge, 'up']);
    sh('ip', ['netns', 'exec', netns, 'ip', 'addr', 'add', `${host.address}/24`, 'dev', inside]);
    sh('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', inside, 'up']);
    sh('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up']);
    sh('ip', ['netns', 'exec', netns, 'ip', 'route', 'add', 'default', 'via', `${subnet}.1`]);
    this.hosts.push(host);
    this.writeHosts();
    return host;
  }


  lookup(name: string): NetHost | undefined {
    return this.hosts.find((h) => h.names.includes(name));
  }


  private writeHosts(): void {
    const lines = ['127.0.0.1 localhost', ...this.hosts.map((h) => `${h.address} ${h.names.join(' ')}`)].join('\n');
    for (const h of this.hosts) {
      mkdirSync(`/etc/netns/${h.netns}`, { recursive: true });
      writeFileSync(`/etc/netns/${h.netns}/hosts`, `${lines}\n`);
    }
  }

  destroy(): void {
    Network.removeLeftovers();
  }

  /** Removes every namespace and link of this suite, also those a killed run left behind. */
  static removeLeftovers(): void {
    const namespaces = sh('ip', ['netns', 'list'], { allowFail: true }).stdout ?? '';
    for (const line of namespaces.split('\n')) {
      const name = line.split(' ')[0];
      if (!name?.startsWith(`${prefix}-`)) continue;
      sh('ip', ['netns', 'pids', name], { allowFail: true })
        .stdout?.split('\n')
        .filter(Boolean)
        .forEach((pid) => sh('kill', ['-9', pid], { allowFail: true }));
      sh('ip', ['netns', 'del', name], { allowFail: true });
      rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
    }
    sh('ip', ['link', 'del', bridge], { allowFail: true });
  }
}
