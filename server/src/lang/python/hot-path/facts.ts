/** What the hot-path readings need: the resolver, the workspace and its scan. */
import type { OneShotFacts } from '../one-shot';

export interface HotPathFacts extends OneShotFacts {}
