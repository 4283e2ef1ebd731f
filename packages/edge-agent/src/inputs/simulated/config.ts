// The schema is part of the agent config (@gongbang/agent-config); the simulated input imports it from here.
export {
  type SimulatedChannel,
  SimulatedChannelSchema,
  type SimulatedConfig,
  SimulatedConfigSchema,
} from '@gongbang/agent-config';
