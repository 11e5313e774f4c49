"""The parts of the HTTP service behind :mod:`kkpham_rules.service`, one job each.

* :mod:`.answers`: error answers as ``application/problem+json``, in the language asked for;
* :mod:`.limits`: the service's limits, the request body, and time-limited work;
* :mod:`.keys`: API keys for the routes that write;
* :mod:`.jobs`: the work behind each route, bytes in and bytes out, all of it library calls;
* :mod:`.forms`: what ``POST /simulate`` takes, as a multipart form or JSON;
* :mod:`.parameters`: a query parameter that takes one value is given once;
* :mod:`.openapi`: what the OpenAPI document says of bodies the routes read themselves.

Private: the service module is the public face.
"""
