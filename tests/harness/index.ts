export * from './aedes.js';
export * from './influxdb.js';
export * from './modbus.js';
export * from './mosquitto.js';
export * from './postgres.js';
export * from './socat.js';
export * from './util.js';
export * from './victoria-metrics.js';
