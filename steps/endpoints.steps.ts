/** A pod behind a Service, as the Service's EndpointSlices show it (conditions.ready). */
import { Then } from './define.ts';

Then('the endpoint of pod {string} in service {string} becomes ready within {duration}', function (pod, service, d) {
  return this.endpoints.becomes(service, pod, 'ready', d);
});

Then(
  'the endpoint of pod {string} in service {string} becomes not ready within {duration}',
  function (pod, service, d) {
    return this.endpoints.becomes(service, pod, 'not ready', d);
  },
);
