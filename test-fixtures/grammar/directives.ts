// loopwise-disable-next-line blocking-call-in-async -- the manifest is tiny
const a = readFileSync(p); // loopwise-disable-line blocking-call-in-async, sequential-await
/* loopwise-disable cpu-bound-on-event-loop */
/* loopwise-disable-next-line unguarded-shared-state -- guarded by a lock */
// loopwise-disable-next-line
// loopwise-disabled is not a directive, nor is xloopwise-disable
const s = '// loopwise-disable-line blocking-call-in-async';
