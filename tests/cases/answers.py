"""Answer-test fixtures in the style of Moodle STACK: (test, student, reference, expected, reason).

``test`` is the answer test, optionally followed by ``|key=value`` options:
``rtol``, ``atol``, ``decimals``, ``unit`` (bits/nats), ``allow_decimals`` (true/false) and
``mistake=REASON:EXPR`` (a catalogue mistake of the problem). ``reference`` is trusted text
read with symgen.parsing.parser (``true``/``false`` for yes/no asks). Symbols: p q r theta are
probabilities in (0, 1); a b c k n s sigma x y are positive; mu is real.

Every row states the verdict (``expected``) and the answer note (``reason``) the checker must
give. Equivalent forms must pass; near misses must fail, naming the mistake where one fits.
"""

from __future__ import annotations

Row = tuple[str, str, str, bool, str]


def _rows(test: str, reference: str, expected: bool, reason: str, *students: str) -> list[Row]:
    return [(test, student, reference, expected, reason) for student in students]


def _same(test: str, reference: str, *students: str) -> list[Row]:
    reason = "exact" if test.split("|")[0] == "exact" else "equivalent"
    return _rows(test, reference, True, reason, *students)


EQ, EXACT, NUM = "equivalent", "exact", "numeric"
H_NATS = "-p*log(p) - (1-p)*log(1-p)"
H_BITS = "-p*log2(p) - (1-p)*log2(1-p)"
KL_PQ = "p*log(p/q) + (1-p)*log((1-p)/(1-q))"
KL_QP = "q*log(q/p) + (1-q)*log((1-q)/(1-p))"
BAYES = "p*q/(p*q + (1-p)*r)"
GAUSS_KL = "(sigma^2 + mu^2 - 1 - log(sigma^2))/2"
CROSS = "-p*log(q) - (1-p)*log(1-q)"
# vanishes at 6 fixed sample points and at the point the old checker seeded from its text
POLY_AT_SAMPLE_POINTS = (
    "p**7 - 1512313213857261*p**6/422303973216061 + 2177500442616445*p**5/42230397321"
    "6061 - 1609993195274967*p**4/422303973216061 + 646080927009742*p**3/422303973216061 - 13"
    "5770595039996*p**2/422303973216061 + 435152723462869*p/422303973216061"
    " - 2250793440/2796715054411"
)

ANSWERS: list[Row] = [
    # --- plain numbers: 1/2 written every way ---------------------------------------
    *_same(EQ, "1/2", "1/2", "0.5", r"\frac{1}{2}", r"\dfrac{1}{2}", "2/4", "3/6", "1 / 2"),
    *_same(EQ, "1/2", "(1)/(2)", "0.50", "50/100", "1-1/2", r"\frac{6}{12}", "2^{-1}", "2**-1"),
    *_same(EQ, "1/2", "2^(-1)", ".5", r"\frac12", "6/12", "1/4 + 1/4", "5e-1", r"\tfrac{1}{2}"),
    *_same(EQ, "1/2", "−(−1/2)", "0.5000", "1 - 0.5", r"\left(\frac{1}{2}\right)", "sqrt(1/4)"),
    *_rows(EQ, "1/2", False, "reciprocal", "2", "4/2", r"\frac{2}{1}"),
    *_rows(EQ, "1/2", False, "sign_flipped", "-1/2", "-0.5", r"-\frac{1}{2}"),
    *_rows(EQ, "1/2", False, "inexact_decimal", "0.499", "0.501", "0.4999"),
    *_rows(EQ, "1/2", False, "not_equivalent", "1/3", "0.4", "1/12", "0", "1", "3/4"),
    # --- the die and the coin ---------------------------------------------------------
    *_same(EQ, "1/6", "1/6", "2/12", "1/12+1/12", r"\frac{1}{12}+\frac{1}{12}", r"\frac16", "6^-1"),
    *_same(EQ, "1/6", "(1/6)*(1/2)*2", "1/(2*3)", "2/12", "1/3 * 1/2"),
    *_rows(EQ, "1/6", False, "inexact_decimal", "0.1666", "0.167", "0.16667"),
    *_rows(EQ, "1/6", False, "reciprocal", "6"),
    *_rows(EQ, "1/6", False, "complement", "5/6", "1-1/6", "10/12"),
    *_rows(EQ, "1/6", False, "sign_flipped", "-1/6"),
    *_rows(EQ, "1/6", False, "not_equivalent", "1/12", "1/36", "0.1", "1/5"),
    *_same(
        EQ,
        "1/12",
        "1/12",
        "1/6 * 1/2",
        r"\frac{1}{6}\cdot\frac{1}{2}",
        r"\frac{1}{6}\times\frac{1}{2}",
    ),
    *_same(EQ, "1/12", "1/6·1/2", "1/6×1/2", "0.5/6", "(1/2)/6"),
    *_rows(EQ, "1/12", False, "reciprocal", "12"),
    *_rows(EQ, "1/12", False, "complement", "11/12"),
    *_same(EQ, "7/2", "7/2", "3.5", "3.50", "(1+2+3+4+5+6)/6", "21/6", r"\frac{21}{6}", "1/2 + 3"),
    *_rows(EQ, "7/2", False, "reciprocal", "2/7"),
    *_rows(EQ, "7/2", False, "not_equivalent", "3", "4", "21"),
    *_same(
        EQ,
        "35/12",
        "35/12",
        "91/6 - 49/4",
        r"\frac{91}{6}-\left(\frac{7}{2}\right)^2",
        "91/6-(7/2)^2",
    ),
    *_rows(EQ, "35/12", False, "inexact_decimal", "2.9167", "2.917", "2.92"),
    *_rows(EQ, "35/12", False, "not_equivalent", "91/6", "49/4"),
    *_same(EQ, "1/4", "1/4", "0.25", "1/2 * 1/2", "(1/2)^2", r"\left(\tfrac12\right)^2"),
    *_rows(EQ, "1/4", False, "complement", "3/4", "0.75"),
    *_same(EQ, "5/36", "5/36", "4/36 + 1/36", "10/72", r"\frac{5}{36}"),
    *_rows(EQ, "5/36", False, "not_equivalent", "6/36", "1/6"),
    *_same(EQ, "2/3", "2/3", "4/6", "1 - 1/3", "(1/3)/(1/2)"),
    *_rows(EQ, "2/3", False, "reciprocal", "3/2", "1.5"),
    *_rows(EQ, "2/3", False, "complement", "1/3"),
    *_rows(EQ, "2/3", False, "inexact_decimal", "0.667", "0.6667", "0.66"),
    *_same(EQ, "3/4", "3/4", "0.75", "1-1/4", "1/2 + 1/4"),
    *_same(EQ, "binomial(4,2)/16", r"\binom{4}{2}/16", "6/16", "3/8", "0.375", "4!/(2!*2!)/2^4"),
    *_rows(EQ, "3/8", False, "complement", "5/8"),
    # --- exact policy: decimals are not accepted ----------------------------------------
    *_same(EXACT, "1/3", "1/3", "2/6", r"\frac{1}{3}", "1 - 2/3", "3^-1"),
    *_rows(EXACT, "1/3", False, "decimals_not_allowed", "0.333", "0.3333333", "0.33", ".333"),
    *_rows(EXACT, "1/2", False, "decimals_not_allowed", "0.5", "0.50"),
    *_rows(EXACT, "1/4", False, "decimals_not_allowed", "0.25", ".25"),
    *_rows(EXACT, "7/2", False, "decimals_not_allowed", "3.5"),
    *_rows(EXACT, "1/3", False, "complement", "2/3"),
    *_rows(EXACT, "1/3", False, "not_equivalent", "0.7", "1/4"),
    *_same(EXACT, "log(2)", "ln(2)", r"\ln 2", "log(2)", "-log(1/2)"),
    *_rows(EXACT, "log(2)", False, "decimals_not_allowed", "0.693", "0.6931"),
    *_same(EXACT + "|allow_decimals=true", "1/4", "0.25", "1/4"),
    *_same(EQ + "|allow_decimals=false", "1/4", "1/4"),
    *_rows(EQ + "|allow_decimals=false", "1/4", False, "decimals_not_allowed", "0.25"),
    # --- zero and tiny values: relative and absolute care -------------------------------
    *_same(EQ, "0", "0", "0.0", "1/12 - 1/12", "log(6)-log(2)-log(3)", "p - p", "log(1)"),
    *_same(EQ, "0", "1/6 - 2/12", "log(p) + log(1/p)", r"\ln 1", "log(a*b) - log(a) - log(b)"),
    *_rows(EQ, "0", False, "not_equivalent", "p^100", "10^-50", "1e-30", "p^1000", "(p/2)^200"),
    *_rows(EQ, "0", False, "not_equivalent", "p^100*q^100", "log(1+10^-40)", "2^-200"),
    *_rows(EQ, "p^100", False, "not_equivalent", "0", "p^99", "p^101"),
    *_rows(EQ, "p^100", False, "sign_flipped", "-p^100"),
    *_same(EQ, "p^100", "p^100", "(p^10)^10", "p^50*p^50", "(p^2)^50"),
    *_rows(EQ, "1", False, "not_equivalent", "1+p^1000", "1 + 10^-60", "1+p^10000"),
    *_rows(EQ, "log(6)", False, "not_equivalent", "log(2)+log(3)+p^10000", "log(6) + 10^-90"),
    *_same(EQ, "log(6)", "log(2)+log(3)", "ln(6)", r"\ln 2 + \ln 3", "log(12) - log(2)"),
    *_rows(EQ, "log(p)", False, "not_equivalent", "log(p) + 10^-60", "log(p)*(1+10^-50)"),
    *_same(NUM + "|atol=0.000001", "0", "0", "1-1"),
    *_rows(NUM + "|atol=0.000001", "0", True, "numeric_within_tolerance", "1e-9", "-10^-8"),
    *_rows(NUM + "|atol=0.000001", "0", False, "numeric_outside_tolerance", "0.001", "1e-5"),
    # --- polynomials in a probability ---------------------------------------------------
    *_same(EQ, "p*(1-p)", "p-p^2", "p - p**2", "p(1-p)", "-p^2+p", "(1-p)*p", r"p\cdot(1-p)"),
    *_same(EQ, "p*(1-p)", r"p \times (1-p)", r"p\left(1-p\right)", "p*1 - p*p", "1/4 - (p-1/2)^2"),
    *_rows(EQ, "p*(1-p)", False, "constant_factor", "2p(1-p)", "p(1-p)/2", "2*p - 2*p^2"),
    *_rows(EQ, "p*(1-p)", False, "not_equivalent", "p^2", "1-p", "p", "p(1+p)"),
    *_rows(EQ, "p*(1-p)", False, "complement", "1-p+p^2"),
    *_rows(EQ, "p*(1-p)", False, "sign_flipped", "p^2-p"),
    *_same(EQ, "1-(1-p)^3", "1-(1-p)^3", "3p - 3p^2 + p^3", "p^3 - 3*p^2 + 3*p"),
    *_rows(EQ, "1-(1-p)^3", False, "complement", "(1-p)^3"),
    *_same(EQ, "binomial(n,k)", r"\binom{n}{k}", "binomial(n, k)"),
    *_same(EQ, "3*p^2*(1-p)", "3p^2(1-p)", "3*p^2 - 3*p^3", r"\binom{3}{2}p^2(1-p)"),
    *_rows(EQ, "3*p^2*(1-p)", False, "constant_factor", "p^2(1-p)"),
    *_same(EQ, "p*q", "p*q", "q*p", "p q", r"p\cdot q"),
    *_same(EQ, "p + q - p*q", "1 - (1-p)*(1-q)", "p+q-p q", "p + q*(1-p)"),
    *_rows(EQ, "p + q - p*q", False, "complement", "(1-p)*(1-q)"),
    *_rows(EQ, "p + q - p*q", False, "not_equivalent", "p+q"),
    # --- quotients: normalisation, Bayes, conditional -----------------------------------
    *_same(EQ, "p/(p+q)", "p/(p+q)", "1/(1+q/p)", r"\frac{p}{p+q}", "(p/q)/(p/q + 1)"),
    *_rows(EQ, "p/(p+q)", False, "complement", "q/(p+q)"),
    *_rows(EQ, "p/(p+q)", False, "reciprocal", "(p+q)/p", "1 + q/p"),
    *_rows(EQ, "p/(p+q)", False, "sign_flipped", "-p/(p+q)"),
    *_rows(EQ, "p/(p+q)", False, "not_equivalent", "p", "p/q", "p/(1+q)"),
    *_same(EQ, BAYES, "p*q/(p*q + (1-p)*r)", "1/(1 + (1-p)*r/(p*q))", r"\frac{pq}{pq+(1-p)r}"),
    *_same(EQ, BAYES, "p q/(p q + r - p r)", "(p*q)/(p*q + r*(1-p))"),
    *_rows(EQ + "|mistake=conditional_reversed:q", BAYES, False, "conditional_reversed", "q"),
    *_rows(EQ + "|mistake=not_normalised:p*q", BAYES, False, "not_normalised", "p*q", "q*p"),
    *_rows(EQ + "|mistake=forgot_marginalise:p*q/q", BAYES, False, "forgot_marginalise", "p"),
    *_rows(EQ, BAYES, False, "complement", "(1-p)*r/(p*q + (1-p)*r)"),
    *_rows(EQ, BAYES, False, "not_equivalent", "p*q/(p*q + r)", "q", "p*q"),
    *_same(EQ, "p*q + (1-p)*r", "p*q + r - p*r", "r + p*(q-r)", "p q + (1-p) r"),
    *_rows(
        EQ + "|mistake=forgot_marginalise:p*q", "p*q + (1-p)*r", False, "forgot_marginalise", "p q"
    ),
    *_same(EQ, "(1/12)/(1/6)", "1/2", "0.5", r"\frac{1/12}{1/6}"),
    *_rows(
        EQ + "|mistake=conditional_reversed:1/6",
        "(1/12)/(1/6)",
        False,
        "conditional_reversed",
        "1/6",
    ),
    *_rows(
        EQ + "|mistake=joint_for_conditional:1/12", "1/2", False, "joint_for_conditional", "1/12"
    ),
    # --- logarithms with positive symbols ------------------------------------------------
    *_same(EQ, "log(a/b)", "log(a)-log(b)", r"\ln a - \ln b", "ln(a) - ln(b)", "-log(b/a)"),
    *_same(
        EQ,
        "log(a/b)",
        "log(a) + log(1/b)",
        r"\log\frac{a}{b}",
        r"\log a - \log b",
        "log(a*b) - 2*log(b)",
    ),
    *_rows(EQ, "log(a/b)", False, "not_equivalent", "log(a)/log(b)", "log(a-b)", "log(a)*log(b)"),
    *_rows(EQ, "log(a/b)", False, "sign_flipped", "log(b/a)", "log(b) - log(a)"),
    *_same(EQ, "log(a*b)", "log(a) + log(b)", r"\log(ab)", r"\ln a + \ln b", "log(b*a)"),
    *_rows(EQ, "log(a*b)", False, "not_equivalent", "log(a)*log(b)", "log(a+b)"),
    *_same(EQ, "log(a^2)", "2*log(a)", "2 ln a", r"2\log a", "log(a) + log(a)"),
    *_same(
        EQ, "log(a)/log(2)", "log2(a)", r"\log_2 a", "log_2(a)", r"\frac{\ln a}{\ln 2}", "log(a, 2)"
    ),
    *_same(EQ, "log(8)/log(2)", "3", "log2(8)", r"\log_2 8", "3*log2(2)"),
    *_same(EQ, "exp(log(a) + log(b))", "a*b", "b a", r"e^{\ln a}\cdot b"),
    *_same(EQ, "sqrt(a)", "a^(1/2)", r"\sqrt{a}", "a**0.5", "exp(log(a)/2)"),
    *_rows(EQ, "sqrt(a)", False, "not_equivalent", "a/2", "a^2"),
    # --- entropy of a Bernoulli(p), nats --------------------------------------------------
    *_same(EQ, H_NATS, "-p*log(p) - (1-p)*log(1-p)", "-p*log(p) - log(1-p) + p*log(1-p)"),
    *_same(EQ, H_NATS, "p*log(1/p) + (1-p)*log(1/(1-p))", r"-(p\log p + (1-p)\log(1-p))"),
    *_same(
        EQ, H_NATS, r"-p\ln p-(1-p)\ln(1-p)", "-log(p^p*(1-p)^(1-p))", r"-p\log p - (1-p)\log(1-p)"
    ),
    *_same(EQ, H_NATS, r"p\log\frac{1}{p}+(1-p)\log\frac{1}{1-p}", "-(1-p)*log(1-p) - p*log(p)"),
    *_same(EQ, H_NATS, "-p*ln(p) - (1 - p)*ln(1 - p)", "−p log p − (1−p) log(1−p)"),
    *_same(EQ, H_NATS, "p*log((1-p)/p) - log(1-p)", "-log(1-p) - p*log(p/(1-p))"),
    *_rows(EQ, H_NATS, True, "equivalent_other_unit", H_BITS, r"-p\log_2 p-(1-p)\log_2(1-p)"),
    *_rows(
        EQ,
        H_NATS,
        False,
        "entropy_sign_lost",
        "p*log(p) + (1-p)*log(1-p)",
        r"p\ln p + (1-p)\ln(1-p)",
    ),
    *_rows(
        EQ,
        H_NATS,
        False,
        "log10_used",
        "-p*log10(p) - (1-p)*log10(1-p)",
        "-p*log(p,10)-(1-p)*log(1-p,10)",
    ),
    *_rows(
        EQ,
        H_NATS,
        False,
        "not_equivalent",
        "-p*log(p)",
        "-log(p) - log(1-p)",
        "-p*log(1-p) - (1-p)*log(p)",
    ),
    *_rows(EQ, H_NATS, False, "not_equivalent", "p*(1-p)", "-p*log(p) + (1-p)*log(1-p)"),
    *_rows(
        EQ + "|unit=nats",
        H_NATS,
        False,
        "wrong_log_base_bits_vs_nats",
        H_BITS,
        "-p*log_2(p)-(1-p)*log_2(1-p)",
    ),
    *_same(EQ + "|unit=nats", H_NATS, "-p*log(p) - (1-p)*log(1-p)"),
    # --- entropy of a Bernoulli(p), bits ---------------------------------------------------
    *_same(
        EQ + "|unit=bits",
        H_BITS,
        H_BITS,
        "(-p*log(p) - (1-p)*log(1-p))/log(2)",
        r"-p\log_2 p - (1-p)\log_2(1-p)",
    ),
    *_same(
        EQ + "|unit=bits",
        H_BITS,
        "p*log2(1/p) + (1-p)*log2(1/(1-p))",
        r"\frac{-p\ln p-(1-p)\ln(1-p)}{\ln 2}",
    ),
    *_rows(
        EQ + "|unit=bits",
        H_BITS,
        False,
        "wrong_log_base_bits_vs_nats",
        H_NATS,
        r"-p\ln p-(1-p)\ln(1-p)",
    ),
    *_rows(EQ + "|unit=bits", H_BITS, False, "log10_used", "-p*log10(p) - (1-p)*log10(1-p)"),
    *_rows(EQ + "|unit=bits", H_BITS, False, "entropy_sign_lost", "p*log2(p) + (1-p)*log2(1-p)"),
    # --- entropy of fair coins and dice ---------------------------------------------------
    *_same(EQ, "log(2)", "log(2)", "ln 2", r"\ln 2", "-log(1/2)", "-2*(1/2)*log(1/2)", "log(4)/2"),
    *_rows(EQ, "log(2)", True, "equivalent_other_unit", "1", "log2(2)"),
    *_rows(EQ, "log(2)", False, "inexact_decimal", "0.693", "0.6931471805599453", "0.69"),
    *_rows(EQ, "log(2)", False, "entropy_sign_lost", "-log(2)", "log(1/2)"),
    *_rows(EQ, "log(2)", False, "log10_used", "log10(2)", "0.30103*0+log(2)/log(10)"),
    *_rows(EQ + "|unit=nats", "log(2)", False, "wrong_log_base_bits_vs_nats", "1"),
    *_rows(EQ + "|unit=bits", "1", False, "wrong_log_base_bits_vs_nats", "log(2)", r"\ln 2"),
    *_same(EQ + "|unit=bits", "1", "1", "log2(2)", "-log2(1/2)", r"\log_2 2"),
    *_same(EQ, "log(6)", "log(6)", "log(2) + log(3)", r"\ln 6", "-6*(1/6)*log(1/6)", "-log(1/6)"),
    *_rows(EQ, "log(6)", True, "equivalent_other_unit", "log2(6)", "1 + log2(3)"),
    *_rows(EQ, "log(6)", False, "inexact_decimal", "1.79", "1.7918"),
    *_rows(EQ, "log(6)", False, "not_equivalent", "6", "log(3)", "1/6"),
    *_same(
        EQ + "|unit=bits", "log(6)/log(2)", "log2(6)", "1 + log2(3)", r"\log_2 6", "log(6)/log(2)"
    ),
    *_rows(
        EQ + "|unit=bits",
        "log(6)/log(2)",
        False,
        "wrong_log_base_bits_vs_nats",
        "log(6)",
        "ln(2)+ln(3)",
    ),
    *_rows(EQ + "|unit=bits", "log(6)/log(2)", False, "log10_used", "log10(6)"),
    *_rows(EQ + "|unit=bits", "log(6)/log(2)", False, "inexact_decimal", "2.585", "2.58"),
    # --- numeric answers with tolerances --------------------------------------------------
    *_same(NUM + "|decimals=3", "log(6)/log(2)", "log2(6)"),
    *_rows(
        NUM + "|decimals=3",
        "log(6)/log(2)",
        True,
        "numeric_within_tolerance",
        "2.585",
        "2.5850",
        "2.5846",
    ),
    *_rows(
        NUM + "|decimals=3",
        "log(6)/log(2)",
        False,
        "numeric_outside_tolerance",
        "2.58",
        "2.59",
        "2.586",
    ),
    *_rows(
        NUM + "|rtol=0.01",
        "log(3)/log(2)",
        True,
        "numeric_within_tolerance",
        "1.58",
        "1.6",
        "1.585",
        "1.57",
    ),
    *_rows(
        NUM + "|rtol=0.01",
        "log(3)/log(2)",
        False,
        "numeric_outside_tolerance",
        "1.5",
        "1.7",
        "1.56",
    ),
    *_rows(NUM + "|decimals=2", "log(3)/log(2)", True, "numeric_within_tolerance", "1.58", "1.585"),
    *_rows(
        NUM + "|decimals=2",
        "log(3)/log(2)",
        False,
        "numeric_outside_tolerance",
        "1.59",
        "1.57",
        "1.6",
    ),
    *_rows(
        NUM + "|atol=0.001", "log(2)", True, "numeric_within_tolerance", "0.693", "0.6935", "0.6925"
    ),
    *_rows(
        NUM + "|atol=0.001", "log(2)", False, "numeric_outside_tolerance", "0.69", "0.7", "0.6915"
    ),
    *_same(NUM + "|atol=0.001", "log(2)", "ln(2)", "log(4)/2"),
    *_rows(NUM, "35/12", True, "numeric_within_tolerance", "2.917", "2.9167", "2.916"),
    *_rows(NUM, "35/12", False, "numeric_outside_tolerance", "2.9", "2.95", "3"),
    *_rows(
        NUM + "|unit=bits|rtol=0.001",
        "log(3)/log(2)",
        False,
        "wrong_log_base_bits_vs_nats",
        "1.0986",
        "ln 3",
    ),
    *_rows(
        NUM + "|unit=nats|rtol=0.001",
        "log(3)",
        False,
        "wrong_log_base_bits_vs_nats",
        "1.585",
        "log2(3)",
    ),
    *_rows(NUM + "|rtol=0.001", "log(3)", True, "equivalent_other_unit", "1.585"),
    *_rows(NUM + "|rtol=0.001", "log(3)", False, "log10_used", "0.4771"),
    *_rows(NUM + "|rtol=0.001", "1/6", False, "reciprocal", "6.0"),
    # --- KL divergence and cross-entropy between Bernoulli(p) and Bernoulli(q) -------------
    *_same(EQ, KL_PQ, "p*log(p)-p*log(q)+(1-p)*log(1-p)-(1-p)*log(1-q)"),
    *_same(
        EQ,
        KL_PQ,
        r"-p\log\frac{q}{p} - (1-p)\log\frac{1-q}{1-p}",
        CROSS + " + p*log(p) + (1-p)*log(1-p)",
    ),
    *_same(
        EQ, KL_PQ, r"p\ln\frac{p}{q}+(1-p)\ln\frac{1-p}{1-q}", "p*log(p/q) - (1-p)*log((1-q)/(1-p))"
    ),
    *_rows(
        EQ + "|mistake=kl_arguments_swapped:" + KL_QP, KL_PQ, False, "kl_arguments_swapped", KL_QP
    ),
    *_rows(
        EQ + "|mistake=kl_arguments_swapped:" + KL_QP,
        KL_PQ,
        False,
        "kl_arguments_swapped",
        r"q\log\frac{q}{p}+(1-q)\log\frac{1-q}{1-p}",
    ),
    *_rows(EQ, KL_PQ, False, "not_equivalent", KL_QP, CROSS, "p*log(p/q)", "log(p/q)"),
    *_rows(EQ, KL_PQ, False, "entropy_sign_lost", "p*log(q/p) + (1-p)*log((1-q)/(1-p))"),
    *_rows(EQ, KL_PQ, True, "equivalent_other_unit", "p*log2(p/q) + (1-p)*log2((1-p)/(1-q))"),
    *_rows(
        EQ + "|unit=nats",
        KL_PQ,
        False,
        "wrong_log_base_bits_vs_nats",
        "p*log2(p/q) + (1-p)*log2((1-p)/(1-q))",
    ),
    *_same(
        EQ,
        CROSS,
        CROSS,
        "p*log(1/q) + (1-p)*log(1/(1-q))",
        KL_PQ + " " + H_NATS.replace("-p", "- p", 1),
    ),
    *_rows(
        EQ + "|mistake=kl_for_cross_entropy:" + KL_PQ, CROSS, False, "kl_for_cross_entropy", KL_PQ
    ),
    *_rows(EQ, CROSS, False, "not_equivalent", H_NATS, "-q*log(p) - (1-q)*log(1-p)"),
    # --- Gaussian KL term of the VAE --------------------------------------------------------
    *_same(
        EQ,
        GAUSS_KL,
        GAUSS_KL,
        "(sigma^2+mu^2-1)/2 - log(sigma)",
        r"\frac{1}{2}(\sigma^2+\mu^2-1-\log\sigma^2)",
    ),
    *_same(
        EQ,
        GAUSS_KL,
        r"\frac{\sigma^2 + \mu^2 - 1}{2} - \ln\sigma",
        "sigma^2/2 + mu^2/2 - 1/2 - log(sigma)",
    ),
    *_rows(
        EQ,
        GAUSS_KL,
        False,
        "not_equivalent",
        "(sigma^2+mu^2-1-log(sigma))/2",
        "(sigma+mu^2-1-log(sigma^2))/2",
    ),
    *_rows(EQ, GAUSS_KL, False, "constant_factor", "sigma^2+mu^2-1-log(sigma^2)"),
    *_rows(EQ, GAUSS_KL, False, "entropy_sign_lost", "(1 + log(sigma^2) - sigma^2 - mu^2)/2"),
    # --- maximum likelihood -------------------------------------------------------------------
    *_same(EQ, "k/n", "k/n", r"\frac{k}{n}", "k*n^-1", "1 - (n-k)/n"),
    *_rows(EQ, "k/n", False, "reciprocal", "n/k"),
    *_rows(EQ, "k/n", False, "complement", "1-k/n", "(n-k)/n"),
    *_rows(EQ, "k/n", False, "not_equivalent", "k", "k/(n+1)", "(k+1)/(n+2)"),
    *_same(EQ, "k*log(theta) + (n-k)*log(1-theta)", r"k\log\theta + (n-k)\log(1-\theta)"),
    *_same(
        EQ,
        "k*log(theta) + (n-k)*log(1-theta)",
        "log(theta^k*(1-theta)^(n-k))",
        "k*log(theta/(1-theta)) + n*log(1-theta)",
    ),
    *_rows(
        EQ,
        "k*log(theta) + (n-k)*log(1-theta)",
        False,
        "not_equivalent",
        "theta^k*(1-theta)^(n-k)",
        "k*log(theta)",
    ),
    *_rows(
        EQ,
        "k*log(theta) + (n-k)*log(1-theta)",
        False,
        "sign_flipped",
        "-k*log(theta) - (n-k)*log(1-theta)",
    ),
    *_same(
        EQ,
        "k/theta - (n-k)/(1-theta)",
        "(k - n*theta)/(theta*(1-theta))",
        r"\frac{k}{\theta}-\frac{n-k}{1-\theta}",
    ),
    # --- GAN -----------------------------------------------------------------------------------
    *_same(EQ, "a/(a+b)", "a/(a+b)", "1/(1+b/a)", r"\frac{a}{a+b}"),
    *_rows(EQ, "a/(a+b)", False, "complement", "b/(a+b)"),
    *_same(EQ, "-log(4)", "-log(4)", "-2*log(2)", r"-2\ln 2", r"\log\frac14", "2*log(1/2)"),
    *_rows(EQ, "-log(4)", False, "sign_flipped", "log(4)", "2*log(2)"),
    *_rows(EQ, "-log(4)", True, "equivalent_other_unit", "-2", "-log2(4)"),
    # --- products and sums of parameters -------------------------------------------------------
    *_same(EQ, "a*x + b", "b + a*x", "x*a + b", "(a*x^2 + b*x)/x"),
    *_same(EQ, "(x+y)^2", "x^2 + 2*x*y + y^2", "(y+x)*(x+y)"),
    *_rows(EQ, "(x+y)^2", False, "not_equivalent", "x^2 + y^2", "x^2 + x*y + y^2"),
    *_same(EQ, "exp(-a)", "e^(-a)", "1/exp(a)", r"e^{-a}", "exp(-a)"),
    *_same(EQ, "c*(1-c)^2", "c - 2*c^2 + c^3", "c*(c-1)^2"),
    # --- yes/no asks (independence, claims) ----------------------------------------------------
    *_same(EXACT, "true", "true", "yes", "True", "예", "참"),
    *_rows(EXACT, "true", False, "not_equivalent", "false", "no", "거짓"),
    *_same(EXACT, "false", "false", "no"),
    *_rows(EXACT, "false", False, "parse_error", "maybe"),
    # --- unreadable or hostile input -------------------------------------------------------------
    *_rows(
        EQ,
        "1/2",
        False,
        "parse_error",
        "__import__('os').system('ls')",
        "lambda: 1",
        "1/2 +",
    ),
    *_rows(EQ, "1/2", False, "undefined_answer", "1/0", "0/0", "oo^0/2", "1/2 + log(2, oo)"),
    *_rows(EQ, "1/2", False, "undefined_answer", "oo - oo", "log(x, oo) + 1/2", "1/2 + 0*oo"),
    *_rows(
        EQ,
        "1/2",
        False,
        "parse_error",
        "().__class__",
        "p.__dict__",
        "eval('1')",
        r"\input{/etc/passwd}",
    ),
    *_rows(EQ, "1/2", False, "too_large", "9**9**9**9", "factorial(10**8)", "10^10^10", "1" * 3000),
    *_rows(EQ, "1/2", False, "empty_answer", "", "   "),
    *_rows(EQ, "1/2", False, "unexpected_symbol", "z", "w/2", "y_1"),
    # --- audit regressions (H7): a rational answer vanishing at the sampled points -------------
    *_rows(EQ, "p", False, "not_equivalent", POLY_AT_SAMPLE_POINTS),
    *_same(EQ, "p/(1-p)", "1/(1-p) - 1", "(1 - (1-p))/(1-p)"),
    # --- audit regressions (H6): cancellation hidden in a function or a long literal ----------
    *_rows(EQ, "0", False, "not_equivalent", "1-cos(1e-60)"),
    *_rows(EQ, "1", False, "not_equivalent", "cos(1e-60)", "sqrt(1+1e-200)", "1 + 1e-200"),
    *_rows(EQ, "log(2)", False, "not_equivalent", "log(2+1e-200)"),
    *_rows(EQ, "1e-120/2", False, "not_equivalent", "1-cos(1e-60)"),
    *_rows(EQ, "p", False, "not_equivalent", "p*cos(1e-60)", "p*cos(p^300)", "p*(1+1e-200)"),
    *_rows(EQ, "log(p)", False, "not_equivalent", "log(p*cos(1e-60))"),
    *_rows(EQ, "0", False, "not_equivalent", "1 - cos(1 - cos(1e-100))", "1-cos(1e-200)"),
    *_rows(EQ, "1", False, "not_equivalent", "cos(1-cos(1e-100))", "cos(1e-200)"),
    *_same(EQ, "1-cos(1e-60)", "2*sin(5e-61)^2"),
    # --- audit regressions (H5): non-analytic answers equal only on the sampled range ---------
    *_rows(EQ, "p", False, "cannot_decide", "abs(p - 1/100) + 1/100", "abs(p - 1/1000) + 1/1000"),
    *_rows(EQ, "x", False, "cannot_decide", "10 - abs(x - 10)", "1/20 + abs(x - 1/20)"),
    *_rows(EQ, "mu", False, "cannot_decide", "20 - abs(mu - 20)"),
    *_same(EQ, "abs(2*p - 1)", "abs(1 - 2*p)"),
    *_rows(EQ, "x", False, "cannot_decide", "10-exp(log((10-x)^2)/2)", "10 - ((10-x)^4)^(1/4)"),
    *_rows(EQ, "p", False, "cannot_decide", "1/100+exp(log((p-1/100)^2)/2)"),
    *_same(EQ, "log(1+p)", "log((1+p)^2)/2"),
    *_same(EQ, "p", "abs(p)"),
    # --- audit regressions (H1): only the sensible unit conversion is accepted ----------------
    *_rows(EQ, "log(3)/log(2)", False, "not_equivalent", "log(3)/log(2)^2"),
    *_rows(EQ, "log(3)/log(2)", True, "equivalent_other_unit", "log(3)"),
    *_rows(EQ, "log(3)/log(2) + log(5)", False, "unit_unclear", "(log(3)/log(2) + log(5))/log(2)"),
    *_rows(
        NUM + "|rtol=0.001", "2 - 5*log(3)/(4*log(2))", False, "numeric_outside_tolerance", "0.0271"
    ),
]
