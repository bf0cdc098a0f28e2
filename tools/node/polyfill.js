'use strict';
// aws-local-stepfunctions 3 calls Promise.withResolvers (Node >= 22). Node 20 lacks it, so
// LocalStepFunctions preloads this file with `node --require` there; on newer Node it does nothing.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
