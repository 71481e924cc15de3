/** Test images built offline (busybox, pause, agnhost) and the map from logical names to references. */
export {
  LOGICAL_IMAGES,
  LOGICAL_IMAGE_NAMES,
  UPSTREAM_IMAGES,
  isLogicalImage,
  splitReference,
  type LogicalImage,
} from './refs.ts';
export {
  IMAGE_MAP_ENV,
  UPSTREAM_MAP,
  locallyBuiltImages,
  parseImageMap,
  resolveImageMap,
  type ImageMap,
} from './image-map.ts';
export { buildImageArchives, imageCacheDir, type BuiltImage } from './build.ts';
