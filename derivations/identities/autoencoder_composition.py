"""Autoencoder: x' = D_φ(z) with z = E_θ(x), i.e. x' = (D_φ ∘ E_θ)(x)."""

import sympy as sp

from symgen.proof.derivation import Derivation, Step, Term

x = sp.Symbol("x", real=True)
W_e, b_e, W_d, b_d = sp.symbols("W_e b_e W_d b_d", real=True)  # theta = (W_e, b_e), phi = ...
x_out, z_code = Term("x'"), Term("z")
encode = sp.Lambda(x, W_e * x + b_e)  # E_theta: a linear encoder
decode = sp.Lambda(x, W_d * sp.tanh(x) + b_d)  # D_phi: a one-layer decoder
composed = Term(r"(D_\phi \circ E_\theta)(x)")
enc_x = Term(r"E_\theta(x)")
dec_z = Term(r"D_\phi(z)")
dec_enc = Term(r"D_\phi(E_\theta(x))")

DERIVATION = Derivation(
    name="autoencoder_composition",
    topic="generative",
    title_en="Autoencoder as a composition x' = D_phi(E_theta(x))",
    title_ko="합성함수로서의 오토인코더 x' = D_phi(E_theta(x))",
    statement=r"x' = D_\phi(z),\ z = E_\theta(x) \ \Rightarrow\ x' = (D_\phi \circ E_\theta)(x)",
    note_en="Encoder E_theta(x) = W_e x + b_e and decoder D_phi(z) = W_d tanh(z) + b_d as an "
    "example; the composition is trained end to end on (theta, phi) with x as its own label.",
    note_ko="예시로 인코더 E_theta(x) = W_e x + b_e, 디코더 D_phi(z) = W_d tanh(z) + b_d. 합성함수 "
    "전체를 x 자체를 레이블로 하여 (theta, phi)에 대해 end-to-end로 학습한다.",
    start=x_out,
    steps=(
        Step(dec_z, "composition", note="the decoder reconstructs from the code"),
        Step(dec_enc, "substitute", note="z = E_theta(x)"),
        Step(composed, "composition"),
        Step(W_d * sp.tanh(W_e * x + b_e) + b_d, "substitute", note="the example networks"),
    ),
    facts=((z_code, Step(enc_x, "composition", note="the encoder output is the code")),),
    models=(
        {
            x_out: decode(encode(x)),
            z_code: encode(x),
            enc_x: encode(x),
            dec_z: decode(z_code),
            dec_enc: decode(encode(x)),
            composed: sp.Lambda(x, decode(encode(x)))(x),
        },
    ),
)
