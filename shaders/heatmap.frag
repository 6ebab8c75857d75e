// The data view's background: the model's class probabilities over the input plane,
// one texel per grid point (RGBA = p(class 0..3), filtered linearly), turned into
// colour here. Hue = the classes' colours weighted by probability; saturation grows
// with confidence; a thin light line marks the decision boundary (where the two most
// likely classes tie), kept one pixel wide with screen-space derivatives.
in vec2 v_uv;
out vec4 frag_color;

uniform sampler2D u_probs;   // (grid, grid) RGBA16F probabilities
uniform int u_classes;       // 2..4
uniform vec3 u_colors[4];    // class colours, the same as the points'
uniform vec3 u_background;   // the panel's background

void main() {
  vec4 p = texture(u_probs, v_uv);
  float probs[4] = float[4](p.r, p.g, p.b, p.a);
  vec3 mixed = vec3(0.0);
  float best = -1.0, second = -1.0, total = 0.0;
  for (int k = 0; k < 4; ++k) {
    if (k >= u_classes) break;
    float q = probs[k];
    mixed += q * u_colors[k];
    total += q;
    if (q > best) {
      second = best;
      best = q;
    } else if (q > second) {
      second = q;
    }
  }
  mixed /= max(total, 1e-6);
  float chance = 1.0 / float(u_classes);
  float confidence = clamp((best - chance) / (1.0 - chance), 0.0, 1.0);
  vec3 color = mix(u_background, mixed, 0.18 + 0.5 * confidence);

  float margin = best - second;  // 0 on the decision boundary
  float line = 1.0 - smoothstep(0.0, 1.5 * fwidth(margin) + 1e-4, margin);
  color = mix(color, vec3(0.92), 0.55 * line);
  frag_color = vec4(color, 1.0);
}
