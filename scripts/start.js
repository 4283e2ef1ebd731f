// `npm start`: the all-in-one demo on the embedded store. It starts what exists and says
// plainly what does not exist yet.
console.log(`Gongbang 0.1.0 — 공방

준비된 것 / Ready:
  - 통신 규약(v1)과 검증 / wire contract v1 with validation (packages/shared)
  - gongbang-agent, gongbang-collector 명령 (--help) / command-line entry points (--help)

아직 없는 것 / Not built yet:
  - 수집 서버와 내장 저장소 / the collector and its embedded store
  - 엣지 에이전트의 장치 입력, 스풀, 전송 / the agent's device inputs, spool and forwarder

지금은 실행할 데모가 없습니다. / There is no demo to run yet.`);
