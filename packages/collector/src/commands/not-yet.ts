/** Says plainly that a command is not built yet, in both languages, and exits 2. */
export function notYet(command: string): never {
  console.error(`${command}: 아직 구현되지 않았습니다 / not implemented yet`);
  process.exit(2);
}
