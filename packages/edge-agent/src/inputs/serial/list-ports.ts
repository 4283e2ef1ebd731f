import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** A serial port found on this machine. */
export interface SerialPortInfo {
  /** Kernel device, e.g. `/dev/ttyACM0`. */
  path: string;
  /** Stable names under /dev/serial/by-id that point to it (use these in agent.yaml). */
  byId: string[];
  /** USB vendor and product id as hex, when it is a USB device. */
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  /** Kernel driver, e.g. `cdc_acm`, `ftdi_sio`, `ch341`. */
  driver?: string;
}

const TTY = /^tty(USB|ACM|S|AMA|XRUSB|CH341USB|mxu|SC)\d+$/;

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The USB device folder above a tty's sysfs device (the one holding idVendor), if any. */
function usbInfo(devicePath: string): Partial<SerialPortInfo> {
  let dir = devicePath;
  for (let i = 0; i < 6 && dir !== path.dirname(dir); i++, dir = path.dirname(dir)) {
    const vendorId = read(path.join(dir, 'idVendor'));
    if (vendorId) {
      return {
        vendorId,
        productId: read(path.join(dir, 'idProduct')),
        manufacturer: read(path.join(dir, 'manufacturer')),
        product: read(path.join(dir, 'product')),
        serialNumber: read(path.join(dir, 'serial')),
      };
    }
  }
  return {};
}

/**
 * Lists serial ports from sysfs and /dev/serial/by-id — no udevadm needed, so it works on
 * minimal images and in containers. `root` lets tests point it at a fake tree.
 */
export function listSerialPorts(root = '/'): SerialPortInfo[] {
  const sysTty = path.join(root, 'sys/class/tty');
  const byIdDir = path.join(root, 'dev/serial/by-id');
  const byId = new Map<string, string[]>();
  for (const name of list(byIdDir)) {
    try {
      const target = path.basename(realpathSync(path.join(byIdDir, name)));
      byId.set(target, [...(byId.get(target) ?? []), path.join('/dev/serial/by-id', name)]);
    } catch {}
  }
  const out: SerialPortInfo[] = [];
  for (const name of list(sysTty).sort()) {
    if (!TTY.test(name)) continue;
    const dev = path.join(sysTty, name, 'device');
    if (!existsSync(dev)) continue;
    // Legacy 8250 UARTs exist for every possible port; type 0 means no hardware behind it.
    if (name.startsWith('ttyS') && read(path.join(sysTty, name, 'type')) === '0') continue;
    let real = dev;
    try {
      real = realpathSync(dev);
    } catch {}
    let driver: string | undefined;
    try {
      driver = path.basename(realpathSync(path.join(dev, 'driver')));
    } catch {}
    out.push({ path: `/dev/${name}`, byId: byId.get(name) ?? [], driver, ...usbInfo(real) });
  }
  return out;
}
