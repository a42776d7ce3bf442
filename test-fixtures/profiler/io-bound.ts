// An I/O-bound task: waits on a timer, as a network call would.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const fetchLike = async (id: number, ms: number): Promise<string> => {
  await sleep(ms);
  return `item-${id}`;
};
