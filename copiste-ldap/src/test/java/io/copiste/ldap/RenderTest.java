package io.copiste.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import io.copiste.function.Template;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RenderTest {
    private static final String NASTY = "#a*()\\,=+<>;\"é 名 ";

    @Test
    void dnValuesAreEscapedSoTheRdnReadsBackTheValue() throws Exception {
        String dn = Render.render(Template.parse("uid={login},ou=people"), scope("login", NASTY), Render.Mode.DN);
        assertThat(new RDN(dn.substring(0, dn.indexOf(",ou=people"))).getAttributeValues()).containsExactly(NASTY);
    }

    @Test
    void filterValuesAreEscaped() throws Exception {
        String f = Render.render(Template.parse("(cn={name})"), scope("name", "x*)(uid=*"), Render.Mode.FILTER);
        assertThat(Filter.create(f).getAssertionValue()).isEqualTo("x*)(uid=*");
    }

    @Test
    void nullMakesNoValueAndBooleansAreLdapBooleans() {
        assertThat(Render.render(Template.parse("{a} {b}"), scope("a", "x"), Render.Mode.TEXT)).isNull();
        assertThat(LdapValues.text(true)).isEqualTo("TRUE");
        assertThat(LdapValues.values(null)).isEmpty();
        assertThat(LdapValues.text(1.50d)).isEqualTo("1.5");
    }

    @Test
    void resultCodesAreClassified() {
        assertThat(LdapErrors.retryable(ResultCode.SERVER_DOWN)).isTrue();
        assertThat(LdapErrors.retryable(ResultCode.BUSY)).isTrue();
        assertThat(LdapErrors.retryable(ResultCode.CONNECT_ERROR)).isTrue();
        assertThat(LdapErrors.retryable(ResultCode.OBJECT_CLASS_VIOLATION)).isFalse();
        assertThat(LdapErrors.retryable(ResultCode.NO_SUCH_OBJECT)).isFalse();
        assertThat(LdapErrors.retryable(ResultCode.INVALID_DN_SYNTAX)).isFalse();
    }

    private static Scope scope(String k, Object v) {
        Map<String, Object> m = new HashMap<>();
        m.put(k, v);
        return new Scope(m, null);
    }
}
