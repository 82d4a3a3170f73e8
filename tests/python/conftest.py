import pytest
from hypothesis import HealthCheck, settings

import simdigits

# The `backend` fixture only selects a backend for the whole test; it holds no per-example state.
settings.register_profile("simdigits", suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("simdigits")


@pytest.fixture(params=simdigits.backends())
def backend(request):
    """Runs a test once per backend this CPU has, that backend active."""
    with simdigits.use_backend(request.param):
        yield request.param
