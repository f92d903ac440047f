#pragma once

namespace balcao::webhooks {
class WebhookService;
}

namespace balcao::api {

class Router;
struct ApiContext;

// The webhook routes of issue 7, admin keys only:
//   PUT    /sessions/{id}/webhook              {"url","events"?,"secret"?} → 201 (new) or 200; a generated
//                                               secret is in the answer, once, and never shown again
//   GET    /sessions/{id}/webhook              the settings (no secret) and the endpoint's breaker state
//   DELETE /sessions/{id}/webhook              removes it with its undelivered deliveries
//   GET    /sessions/{id}/webhook/deliveries   the delivery log, newest first (?limit=1..200, default 50)
// Handlers run in the API's Qt thread and hand the work to the dispatcher's thread; the answer is sent from
// there. `service` must outlive the router.
void installWebhookRoutes(Router &router, const ApiContext &context, webhooks::WebhookService &service);

} // namespace balcao::api
