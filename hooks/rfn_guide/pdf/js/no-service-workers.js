// Run before each page's own scripts: no page registers a service worker while it is printed
// (one could serve an old copy of a file the cache key does not know about).
() => {
  if (self.ServiceWorkerContainer) {
    ServiceWorkerContainer.prototype.register = async () => { throw new Error('Service workers are off while printing'); };
  }
}
