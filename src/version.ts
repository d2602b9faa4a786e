/** paperbot's version, as in package.json (a test keeps them equal); sent in the live source's User-Agent. */
export const PAPERBOT_VERSION = '0.2.0';
