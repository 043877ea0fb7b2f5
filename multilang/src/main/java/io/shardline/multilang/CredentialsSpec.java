package io.shardline.multilang;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;

/**
 * The value of KCL's {@code AWSCredentialsProvider} property: one provider, or several separated by commas (a chain,
 * tried in order). Each is a name with optional {@code |}-separated arguments, as KCL writes them:
 * {@code DefaultCredentialsProvider} (also KCL 1's {@code DefaultAWSCredentialsProviderChain}),
 * {@code EnvironmentVariableCredentialsProvider}, {@code SystemPropertyCredentialsProvider},
 * {@code ProfileCredentialsProvider|profileName}, {@code ContainerCredentialsProvider},
 * {@code InstanceProfileCredentialsProvider}, {@code WebIdentityTokenFileCredentialsProvider},
 * {@code AnonymousCredentialsProvider}, or the fully qualified name of a class implementing
 * {@link AwsCredentialsProvider} with a static {@code create()} or a public no-argument constructor.
 *
 * @param value the property's value as written
 */
public record CredentialsSpec(String value) {

    /** {@code DefaultCredentialsProvider}: the SDK's default chain. */
    public static final CredentialsSpec DEFAULT = new CredentialsSpec("DefaultCredentialsProvider");

    /** Parses and checks {@code value}; {@link IllegalArgumentException} names what is wrong. */
    public static CredentialsSpec parse(String value) {
        CredentialsSpec spec = new CredentialsSpec(value);
        spec.providers(false);
        return spec;
    }

    /** Checks the components (non-null where the record description does not say otherwise). */
    public CredentialsSpec {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a credentials provider must not be blank");
        }
    }

    /** The provider (a chain for several). */
    public AwsCredentialsProvider toProvider() {
        List<AwsCredentialsProvider> providers = providers(true);
        return providers.size() == 1 ? providers.get(0)
                : AwsCredentialsProviderChain.builder().credentialsProviders(providers).build();
    }

    private List<AwsCredentialsProvider> providers(boolean create) {
        List<AwsCredentialsProvider> providers = new ArrayList<>();
        for (String part : value.split(",")) {
            String[] nameAndArgs = part.trim().split("\\|");
            String name = nameAndArgs[0].trim();
            List<String> args = new ArrayList<>();
            for (int i = 1; i < nameAndArgs.length; i++) {
                args.add(nameAndArgs[i].trim());
            }
            AwsCredentialsProvider provider = provider(name, args, create);
            if (create) {
                providers.add(provider);
            }
        }
        return providers;
    }

    private static AwsCredentialsProvider provider(String name, List<String> args, boolean create) {
        String simple = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        switch (simple) {
            case "defaultcredentialsprovider", "defaultawscredentialsproviderchain":
                return create ? DefaultCredentialsProvider.builder().build() : null;
            case "environmentvariablecredentialsprovider":
                return create ? EnvironmentVariableCredentialsProvider.create() : null;
            case "systempropertycredentialsprovider", "systempropertiescredentialsprovider":
                return create ? SystemPropertyCredentialsProvider.create() : null;
            case "profilecredentialsprovider":
                if (!create) {
                    return null;
                }
                return args.isEmpty() ? ProfileCredentialsProvider.create()
                        : ProfileCredentialsProvider.create(args.get(0));
            case "containercredentialsprovider":
                return create ? ContainerCredentialsProvider.builder().build() : null;
            case "instanceprofilecredentialsprovider":
                return create ? InstanceProfileCredentialsProvider.create() : null;
            case "webidentitytokenfilecredentialsprovider":
                return create ? WebIdentityTokenFileCredentialsProvider.create() : null;
            case "anonymouscredentialsprovider":
                return create ? AnonymousCredentialsProvider.create() : null;
            default:
                return byClassName(name, create);
        }
    }

    private static AwsCredentialsProvider byClassName(String name, boolean create) {
        Class<?> type;
        try {
            type = Class.forName(name);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("unknown credentials provider '" + name + "' (not a known provider name"
                    + " and no such class on the classpath)");
        }
        if (!AwsCredentialsProvider.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("'" + name + "' does not implement "
                    + AwsCredentialsProvider.class.getName());
        }
        if (!create) {
            return null;
        }
        try {
            Method factory = type.getMethod("create");
            if (Modifier.isStatic(factory.getModifiers())) {
                return (AwsCredentialsProvider) factory.invoke(null);
            }
        } catch (NoSuchMethodException e) {
            // fall through to the constructor
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create credentials provider '" + name + "': " + e, e);
        }
        try {
            return (AwsCredentialsProvider) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create credentials provider '" + name
                    + "': it needs a static create() or a public no-argument constructor", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
