// Jurisdiction profiles: indicator weights with provenance, default plus per-country overrides.
export {
  cachedProfile,
  DEFAULT_PROFILE,
  loadProfile,
  type Profile,
  type ProfileSet,
  profileFor,
  type RegionOverride,
} from './profile.ts';
