export { ReopeningPort, type SerialLineOptions } from './reopening-port.js';
export { SerialScannerInput } from './scanner.js';
export { SerialSensorInput } from './sensor.js';
