namespace PypiKit.Sizing.Model;

/// <summary>
/// The gamma distribution given by its mean and squared coefficient of variation (shape = 1 / cv², scale = mean · cv²),
/// the two-moment fit <see cref="BurstModel"/> uses for response times. cv = 1 is the exponential; cv → 0 a constant.
/// The regularised lower incomplete gamma P(a, x) is evaluated by its power series below a + 1 and by the Legendre
/// continued fraction (modified Lentz) above; for shapes above 2,000 the Wilson–Hilferty cube-root normal
/// approximation is used (absolute error below 1e-4 there).
/// </summary>
public static class GammaDistribution
{
    /// <summary>Squared CV below which the distribution is treated as a point mass at its mean.</summary>
    private const double PointMassCv2 = 1e-8;
    private const double WilsonHilfertyShape = 2000;

    /// <summary>P(X ≤ t) for a gamma with the given mean and squared coefficient of variation.</summary>
    public static double Cdf(double t, double mean, double cv2)
    {
        if (t <= 0) return 0;
        if (mean <= 0) return 1;
        if (cv2 < PointMassCv2) return t >= mean ? 1 : 0;
        double shape = 1 / cv2, scale = mean * cv2;
        return RegularizedLowerGamma(shape, t / scale);
    }

    /// <summary>The q-quantile (0 &lt; q &lt; 1) by bisection on <see cref="Cdf"/>.</summary>
    public static double Quantile(double q, double mean, double cv2) => QuantileOf(t => Cdf(t, mean, cv2), q, Math.Max(mean, 1e-12));

    /// <summary>The q-quantile of any CDF on t ≥ 0, by doubling an upper bracket from <paramref name="scale"/> then bisection.</summary>
    public static double QuantileOf(Func<double, double> cdf, double q, double scale)
    {
        double lo = 0, hi = scale;
        for (int i = 0; i < 200 && cdf(hi) < q; i++) hi *= 2;
        for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid) < q) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>P(a, x) = γ(a, x) / Γ(a).</summary>
    public static double RegularizedLowerGamma(double a, double x)
    {
        if (x <= 0) return 0;
        if (a > WilsonHilfertyShape)
        {
            double z = (Math.Cbrt(x / a) - (1 - 1 / (9 * a))) / Math.Sqrt(1 / (9 * a));
            return NormalCdf(z);
        }
        double logPrefix = a * Math.Log(x) - x - LogGamma(a);
        if (x < a + 1)
        {
            // Σ x^n / (a (a+1) … (a+n)), times x^a e^-x / Γ(a).
            double term = 1 / a, sum = term;
            for (int n = 1; n < 10_000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (term < sum * 1e-15) break;
            }
            return Math.Clamp(sum * Math.Exp(logPrefix), 0, 1);
        }
        // Q(a, x) as the continued fraction 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))).
        const double Tiny = 1e-300;
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (int i = 1; i < 10_000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c; if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15) break;
        }
        return Math.Clamp(1 - Math.Exp(logPrefix) * h, 0, 1);
    }

    /// <summary>ln Γ(a) for a &gt; 0 (Lanczos, g = 7, nine coefficients; relative error about 1e-15).</summary>
    public static double LogGamma(double a)
    {
        if (a < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * a))) - LogGamma(1 - a);
        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        a -= 1;
        double sum = g[0];
        for (int i = 1; i < g.Length; i++) sum += g[i] / (a + i);
        double t = a + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (a + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>Φ(z), the standard normal CDF (erfc by its Chebyshev-fitted form, relative error below 1.2e-7).</summary>
    public static double NormalCdf(double z)
    {
        double x = Math.Abs(z) / Math.Sqrt(2), t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }
}
