package io.crowdfund.web;

import java.lang.reflect.Method;
import java.util.Optional;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Advises the beans with {@link VelocityLimited} methods: each call takes from its bucket first. */
final class VelocityLimitedMethods extends AbstractAdvisingBeanPostProcessor {

    VelocityLimitedMethods(ObjectProvider<VelocityLimits> limits) {
        this.advisor = new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(VelocityLimited.class),
                new TakeFirst(limits));
        setProxyTargetClass(true);
    }

    private record TakeFirst(ObjectProvider<VelocityLimits> limits) implements MethodInterceptor {

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            Method method = invocation.getThis() == null ? invocation.getMethod()
                    : AopUtils.getMostSpecificMethod(invocation.getMethod(), invocation.getThis().getClass());
            VelocityLimited limited = AnnotatedElementUtils.findMergedAnnotation(method, VelocityLimited.class);
            if (limited != null) {
                key(limited.per()).ifPresent(key -> limits.getObject().take(limited.value(), key));
            }
            return invocation.proceed();
        }

        private static Optional<String> key(VelocityLimited.Per per) {
            return switch (per) {
                case CALLER -> Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
                        .filter(Authentication::isAuthenticated).map(Authentication::getName);
                case CLIENT_ADDRESS -> RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                        ? Optional.ofNullable(request.getRequest().getRemoteAddr()) : Optional.empty();
            };
        }
    }
}
