import type { Platform } from '../generated/graphql';

export const PLATFORMS: readonly Platform[] = ['UNITY', 'UNREAL', 'WEB', 'NODE', 'OTHER'];

export const PLATFORM_LABEL: Record<Platform, string> = {
  UNITY: 'Unity',
  UNREAL: 'Unreal',
  WEB: 'Web',
  NODE: 'Node',
  OTHER: 'Other',
};
