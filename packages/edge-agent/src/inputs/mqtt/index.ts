export { MqttBrokerInput } from './broker.js';
export { MqttSubscribeInput } from './subscriber.js';
export { compilePattern, filterMatches, matchTopic } from './topic-pattern.js';
export { TopicRouter } from './topic-router.js';
