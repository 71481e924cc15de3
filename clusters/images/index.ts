/**
 * Test images built offline (busybox, pause, agnhost), the images pulled from the loopback
 * registries, and the map from logical names to references.
 */
export {
  BUILT_IMAGES,
  BUILT_IMAGE_NAMES,
  CLOSED_REGISTRY,
  LOGICAL_IMAGES,
  LOGICAL_IMAGE_NAMES,
  LOOPBACK_REGISTRIES,
  REGISTRY_IMAGES,
  UPSTREAM_IMAGES,
  isLogicalImage,
  splitReference,
  type BuiltImageName,
  type LogicalImage,
  type RegistryImageName,
  type RegistryName,
} from './refs.ts';
export {
  IMAGE_MAP_ENV,
  UPSTREAM_MAP,
  imagesForRun,
  locallyBuiltImages,
  parseImageMap,
  registryImagesServed,
  registryPushes,
  resolveImageMap,
  type ImageMap,
  type RegistryPush,
  type RunImages,
} from './image-map.ts';
export { buildImageArchives, imageCacheDir, type BuiltImage } from './build.ts';
export { archivedImage, pushArchive, pushRegistryImages, readTar, type Credentials, type PushReport } from './push.ts';
export { buildRunnerImage, RUNNER_APP_ROOT, RUNNER_USER, type AppFile, type RunnerImage } from './runner.ts';
export { RUNNER_IMAGE } from './refs.ts';
export { RUNNER_KEY, resolveRunnerImage } from './image-map.ts';
