import type { Command } from 'commander';
import { listSerialPorts } from '../inputs/serial/list-ports.js';

export function registerPorts(program: Command): void {
  program
    .command('ports')
    .description('List serial ports / 시리얼 포트 목록')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const ports = listSerialPorts();
      if (opts.json) {
        console.log(JSON.stringify(ports, null, 2));
        return;
      }
      if (ports.length === 0) {
        console.log(
          'No serial ports found / 시리얼 포트가 없습니다 (USB scanner in USB-CDC/COM mode? USB-CDC(가상 COM) 모드인지 확인하세요)',
        );
        return;
      }
      for (const p of ports) {
        const usb = p.vendorId ? ` usb ${p.vendorId}:${p.productId ?? '????'}` : '';
        const what = [p.manufacturer, p.product].filter(Boolean).join(' ');
        console.log(
          `${p.path}${usb}${what ? ` ${what}` : ''}${p.serialNumber ? ` serial ${p.serialNumber}` : ''}${p.driver ? ` (${p.driver})` : ''}`,
        );
        for (const id of p.byId) console.log(`  ${id}`);
      }
      console.log(
        '\nUse the /dev/serial/by-id/… name in agent.yaml: it survives replugging. / agent.yaml에는 재연결 후에도 바뀌지 않는 /dev/serial/by-id/… 이름을 쓰세요.',
      );
    });
}
