export { LIVE_MODBUS_INPUT, LIVE_MQTT_INPUT, LIVE_SOURCES, SENSOR_TOPIC, SHELLY_PREFIX } from './agent-inputs.js';
export { type LiveDevices, type LiveEndpoints, startLiveDevices } from './live-devices.js';
export type { LiveCounts } from './messages.js';
export type { Lang, LiveDevicesOptions, SerialMode } from './options.js';
export { evenSchedule, type MachinePhase, type PhaseStep } from './pattern.js';
export { jobScans, LIVE_GTIN, SCRAP_TEXT, STOP_REASON_TEXT } from './scan-script.js';
