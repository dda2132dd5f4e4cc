"""A schemathesis check of the engine's one error model: every 4xx and 5xx answer is
application/problem+json (RFC 9457) with the status it was sent with. Loaded by the fuzz test
through SCHEMATHESIS_HOOKS."""
import json

import schemathesis


def _content_type(response) -> str:
    value = response.headers.get("content-type") or response.headers.get("Content-Type") or ""
    return (value[0] if isinstance(value, list) else value).split(";")[0].strip()


@schemathesis.check
def errors_are_problem_json(ctx, response, case):
    if response.status_code < 400:
        return None
    content_type = _content_type(response)
    if content_type != "application/problem+json":
        raise AssertionError(f"a {response.status_code} answered {content_type or 'no content type'}, not application/problem+json")
    problem = json.loads(response.content)
    if problem.get("status") != response.status_code or not isinstance(problem.get("title"), str):
        raise AssertionError(f"a {response.status_code} problem without its status and title: {problem}")
    return None
