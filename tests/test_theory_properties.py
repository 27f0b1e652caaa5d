"""Property-based tests of the theory (hypothesis): invariants that must hold over wide parameter ranges.

- accuracy lies in [1/2, 1] and every statistic is finite (exact convention);
- the signed accuracy is below 1/2 exactly past the critical label noise eps* = phi/(phi + rho), above it before;
- the exact and paper conventions coincide when nothing is pruned (alpha = 1);
- the general theory with C = I equals the n_hat theory as n_hat -> infinity;
- a vectorised call equals the same points one by one;
- the accuracy increases with the signal strength mu.
Few examples by default (profile `ci` of conftest.py); `HYPOTHESIS_PROFILE=deep` runs many more.
"""
import numpy as np
from hypothesis import given, assume, strategies as st
from synthetic_data.rmt import general_theory, toy_theory, synthetic_theory, critical_label_noise
from synthetic_data.mixture import mean_vector, sample_cov

counts = st.integers(0, 3000)
unit = st.floats(0., 1.)
gammas = st.floats(1e-3, 1e3)
mus = st.floats(0.05, 4.)

@st.composite
def toy_points(draw):
    "A random n_hat setting with some training data left."
    p = dict(n=draw(counts), n_hat=draw(st.integers(1, 3000)), m=draw(st.integers(1, 5000)), p=draw(st.integers(1, 2000)),
             mu=draw(mus), eps=draw(unit), rho=draw(unit), phi=draw(st.floats(0.05, 1.)), gamma=draw(gammas))
    return p

@given(toy_points())
def test_accuracy_in_range_and_finite(pt):
    th = toy_theory(**pt)
    for k, v in th.as_dict().items(): assert np.all(np.isfinite(v)), (k, pt)
    assert 0.5 <= th.accuracy <= 1 and 0 <= th.signed_accuracy <= 1

@given(toy_points(), st.floats(0.01, 0.99))
def test_signed_accuracy_flips_at_eps_star(pt, frac):
    "Trained on synthetic data, the classifier is on the right side below eps* (signed accuracy > 1/2), on the wrong side past it."
    assume(pt['rho'] + pt['phi'] > 0.05 and pt['rho'] > 0.01)
    es = float(critical_label_noise(pt['rho'], pt['phi']))
    lo, hi = es*frac, es + (1 - es)*frac
    assume(es - lo > 1e-3 and hi - es > 1e-3)
    syn = {**pt, 'n': 0}                     # synthetic data only: the sign of E[g] is the sign of lambda
    below, above = toy_theory(**{**syn, 'eps': lo}), toy_theory(**{**syn, 'eps': hi})
    assert below.signed_accuracy > 0.5 > above.signed_accuracy, pt
    at = toy_theory(**{**syn, 'eps': es})
    assert abs(at.signed_accuracy - 0.5) < 1e-9

@given(toy_points())
def test_exact_equals_paper_without_pruning(pt):
    "rho = phi = 1 keeps everything (alpha = 1): the conventions agree on the fixed point and the mean."
    pt = {**pt, 'rho': 1., 'phi': 1.}
    e, p = toy_theory(**pt), toy_theory(**pt, pruning='paper')
    np.testing.assert_allclose([e.mean, e.delta_r, e.delta_s, e.delta_g], [p.mean, p.delta_r, p.delta_s, p.delta_g], rtol=1e-9, atol=1e-14)

@given(n=counts, m=st.integers(1, 2000), p=st.integers(1, 300), mu=mus, eps=unit, rho=unit, phi=st.floats(0.05, 1.), gamma=gammas)
def test_general_with_identity_is_the_n_hat_limit(n, m, p, mu, eps, rho, phi, gamma):
    g = general_theory(n, m, mean_vector(p, mu), mean_vector(p, mu), np.eye(p), eps, rho, phi, gamma)
    t = toy_theory(n, 10**13, m, p, mu, eps, rho, phi, gamma)
    np.testing.assert_allclose([g.mean, g.second_moment, g.accuracy], [t.mean, t.second_moment, t.accuracy], rtol=1e-6, atol=1e-9)

@given(st.lists(toy_points(), min_size=2, max_size=6))
def test_vectorised_equals_looped(pts):
    grid = {k: np.array([pt[k] for pt in pts]) for k in pts[0]}
    vec = toy_theory(**grid)
    for i, pt in enumerate(pts):
        one = toy_theory(**pt)
        np.testing.assert_allclose([vec.mean[i], vec.second_moment[i], vec.accuracy[i]], [one.mean, one.second_moment, one.accuracy], rtol=1e-9)

@given(toy_points(), st.floats(1.05, 3.))
def test_accuracy_increases_with_mu(pt, factor):
    "A stronger signal never hurts (strictly helps while the accuracy is below 1 and the labels carry information)."
    a, b = toy_theory(**pt), toy_theory(**{**pt, 'mu': pt['mu']*factor})
    assert b.accuracy >= a.accuracy - 1e-12, (pt, a.accuracy, b.accuracy)

@given(m=st.integers(1, 3000), p=st.integers(1, 2000), mu=mus, eps=unit, rho=unit, phi=st.floats(0.05, 1.), gamma=gammas,
       c=st.floats(0.01, 100.))
def test_synthetic_weight_is_a_ridge_rescaling(m, p, mu, eps, rho, phi, gamma, c):
    "With one source, a weight c on its samples is the ridge gamma/c: the same classifier."
    assume(gamma/c >= 1e-12 and gamma/c <= 1e12 and phi*(1 - eps) + rho*eps > 0)
    a, b = synthetic_theory(m, p, mu, eps, rho, phi, gamma, weight=c), synthetic_theory(m, p, mu, eps, rho, phi, gamma/c)
    np.testing.assert_allclose([a.mean, a.second_moment], [b.mean, b.second_moment], rtol=1e-9, atol=1e-14)

# --- invariances of the model (issue: reliability round 2) ---
from synthetic_data.mixture import Law, Source, Setting, RandomKeep
from synthetic_data.rmt import theory
from synthetic_data.checks import as_numbers

def _two_law(p, mu, shift, n, m, eps, rho, phi, gamma, weight=1., a=1., sign=1., seed=0):
    "A real law and a generator with another mean and covariance, the data scaled by `a` and the means' sign by `sign`."
    rng = np.random.default_rng(seed); C = sample_cov(p, 2*p, rng); D = np.diag(rng.uniform(0.5, 2., p))
    mu_r = mean_vector(p, mu, rng=1); mu_s = mu_r + shift*mean_vector(p, 1., rng=2)
    return theory(Setting((Source(Law(sign*a*mu_r, a*a*C), n, name='real'),
                           Source(Law(sign*a*mu_s, a*a*D, names=('mu_s', 'C_s')), m, eps, RandomKeep(rho, phi), weight, 'synthetic', 'm')),
                          a*a*gamma))

two_law = dict(p=st.integers(2, 40), mu=mus, shift=st.floats(0., 1.), n=st.integers(1, 400), m=st.integers(0, 800), eps=unit,
               rho=unit, phi=st.floats(0.05, 1.), gamma=gammas)

@given(**two_law, a=st.floats(0.01, 100.))
def test_scaling_the_data_and_the_ridge_leaves_the_accuracy(p, mu, shift, n, m, eps, rho, phi, gamma, a):
    "x -> a x with gamma -> a^2 gamma: the same classifier up to scale, the same accuracy."
    t0, t1 = _two_law(p, mu, shift, n, m, eps, rho, phi, gamma), _two_law(p, mu, shift, n, m, eps, rho, phi, gamma, a=a)
    np.testing.assert_allclose(t1.signed_accuracy, t0.signed_accuracy, rtol=1e-7, atol=1e-9)

@given(**two_law)
def test_label_symmetry(p, mu, shift, n, m, eps, rho, phi, gamma):
    "Swapping the two classes (every mean negated) changes nothing."
    t0, t1 = _two_law(p, mu, shift, n, m, eps, rho, phi, gamma), _two_law(p, mu, shift, n, m, eps, rho, phi, gamma, sign=-1.)
    np.testing.assert_allclose([t1.signed_accuracy, t1.second_moment], [t0.signed_accuracy, t0.second_moment], rtol=1e-9, atol=1e-12)

@given(toy_points())
def test_weight_zero_is_real_data_alone_with_the_same_N(pt):
    "Synthetic samples at weight 0 only enlarge N = n + m: real data alone at ridge gamma (n + m)/n."
    assume(pt['n'] > 0 and pt['gamma']*(pt['n'] + pt['m'])/pt['n'] <= 1e12)
    w0 = toy_theory(**pt, weight=0.)
    alone = toy_theory(**{**pt, 'm': 0, 'gamma': pt['gamma']*(pt['n'] + pt['m'])/pt['n']})
    np.testing.assert_allclose(w0.signed_accuracy, alone.signed_accuracy, rtol=1e-7, atol=1e-9)

@given(st.lists(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.booleans()), min_size=1, max_size=6))
def test_a_bool_anywhere_is_not_a_number(xs):
    "as_numbers refuses a list holding a boolean, as it refuses a boolean alone, and keeps every list of floats."
    if any(isinstance(v, bool) for v in xs):
        try: as_numbers('eps', xs)
        except TypeError as e: assert 'eps must be a number' in str(e)
        else: raise AssertionError(f"accepted {xs}")
    else: np.testing.assert_array_equal(as_numbers('eps', xs), np.array(xs, dtype=float))
