#pragma once

#include "http_types.h"

#include <errors.h>

namespace balcao::api {

// The HTTP status an Error code stands for (errors.h): input errors 4xx, local failures 5xx.
int httpStatusFor(const QString &code);

// The error response for an Error: {"statusCode","error","message","code"}.
Response errorResponse(const Error &error);

} // namespace balcao::api
